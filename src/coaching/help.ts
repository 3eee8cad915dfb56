import type { Reply } from '../core/reply.js';
import type { Translate } from '../i18n/index.js';

export function helpReply(t: Translate): Reply {
  return {
    text: t('help.title'),
    blocks: [
      { kind: 'text', text: t('help.body') },
      { kind: 'list', items: t('help.commands').split('\n') },
      {
        kind: 'buttons',
        buttons: [
          { action: 'cmd', label: t('help.button.prepare'), value: 'prepare', style: 'primary' },
          { action: 'cmd', label: t('help.button.agreements'), value: 'agreements' },
          { action: 'cmd', label: t('help.button.start'), value: 'start' },
          { action: 'cmd', label: t('help.button.settings'), value: 'settings' },
        ],
      },
    ],
  };
}
