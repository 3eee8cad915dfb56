/** English catalogue: the reference. Positive, open questions; nudges warm, short and never scolding. */
export const en = {
  'help.title': 'Here is what I can do for you',
  'help.body':
    'I help you prepare your coaching conversations, keep track of your agreements, and plan the next conversation. You lead: you choose the topics, and I ask the questions.',
  'help.commands': 'start – begin a coaching trajectory and invite your coach\nprepare – prepare your next conversation\nagenda – (coach) the agenda your coachee prepared\nagreements – your agreements: who does what by when\nnext session – when you meet next\nhistory – earlier conversations\nsettings – language, time zone, working hours, quiet hours, pause\njoin CODE – join as a coach with an invite code\ncancel – stop what we are doing (your answers are kept)',
  'help.button.start': 'Start a trajectory',
  'help.button.prepare': 'Prepare',
  'help.button.agreements': 'Agreements',
  'help.button.settings': 'Settings',

  'unknown.idle': "I'm not sure what you mean. Type *help* to see what I can do, or *prepare* to prepare your next conversation.",
  'unknown.step': "I didn't quite catch that. {hint}",
  'error.generic': 'Sorry, something went wrong on my side. Nothing was changed; please try again in a moment.',
  'error.busy': 'I am a little busy right now. Please try again in a moment; nothing was lost.',
  'cancel.nothing': 'There was nothing to stop. Type *help* to see what I can do.',
  'cancel.done': 'Okay, we stopped here. Nothing was lost.',
  'restart.done': "Okay, let's start fresh.",
  'stale.button': 'That button belongs to an earlier message. Here is where we are now:',
  'input.empty': 'It looks like that message was empty. Could you write a few words?',
  'input.tooLong': 'That is a bit long for me ({length} characters). Could you keep it under {max}? A short version is perfect.',
} as const;
