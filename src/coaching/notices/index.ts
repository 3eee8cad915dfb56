/** The notice catalogue: what the domain plans into the outbox, when, and what each notice says. */
export {
  deliveryGuaranteeOf,
  isNoticeKind,
  noticePayloads,
  resumeHandlers,
  type Notice,
  type NoticeKind,
  type NoticePayload,
  type PlannedNotice,
} from './catalogue.js';
export { CheckedNotices, type CheckedNoticeDeps } from './deliverables.js';
export type { NoticeOutbox } from './outbox.js';
export { Planner, type DeliveredNotice, type PlannerDeps } from './planner.js';
export { defaultPlannerSettings, type PlannerSettings } from './settings.js';
