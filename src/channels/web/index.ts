/** The local web chat channel: see web.channel.ts. */
export { startWeb } from './web.channel.js';
export { WebMessenger } from './web.messenger.js';
export { WebDirectory } from './web.directory.js';
export type { WebMessageStore, WebMessage } from './ports.js';
export { demoPeople, webIdentity } from './web.demo.js';
export { renderReplyHtml } from './web.renderer.js';
