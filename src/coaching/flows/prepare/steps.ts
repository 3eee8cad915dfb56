/**
 * The preparation as a step table, in the method's order (model steps 1–4 and 6): each step's question and what its
 * answer does sit together in one entry.
 */
import {
  improvementOrderStep,
  improvementsStep,
  successesStep,
  supportStep,
  topicOrderStep,
  topicsStep,
} from './steps.lists.js';
import { challengeStep, firstStepStep, keepInformedStep, learningStep } from './steps.intake.js';
import { reviewStep } from './steps.review.js';
import { summaryStep } from './steps.summary.js';
import { coachFeedbackStep, goalStep, reportFollowUpStep, reportStep, timeStep } from './steps.words.js';
import type { PrepStepTable } from './turn.js';

export const prepSteps: PrepStepTable = {
  goal: goalStep,
  learning: learningStep,
  challenge: challengeStep,
  firstStep: firstStepStep,
  keepInformed: keepInformedStep,
  report: reportStep,
  reportFollowUp: reportFollowUpStep,
  successes: successesStep,
  review: reviewStep,
  coachFeedback: coachFeedbackStep,
  improvements: improvementsStep,
  order: improvementOrderStep,
  support: supportStep,
  topics: topicsStep,
  topicOrder: topicOrderStep,
  time: timeStep,
  summary: summaryStep,
};
