// The English catalog. Its keys are the contract: every other catalog has exactly these.
export const en = {
  'app.name': 'Publisher Desk',
  'welcome.text':
    'Hi, I am Publisher Desk. I help your team run its marketplace publishing account from Teams. Type **help** to see what I can do.',

  'help.title': 'What Publisher Desk can do',
  'help.intro': 'Type a command, or use a button. In a channel, @mention me first.',
  'help.examples': 'Plain words work too, for example "who am I" or "who are the owners".',

  'command.help': 'Show this list of commands.',
  'command.setup': 'First run: the first person to set up the organization becomes its Owner.',
  'command.whoami': 'Show your role in the publishing account, or how to get access.',

  'role.owner': 'Owner',
  'role.contributor': 'Contributor',
  'status.invited': 'Invited',
  'status.active': 'Active',

  'setup.created.title': 'Publisher Desk is set up',
  'setup.created.body':
    'You are the first Owner of your organization\'s publishing account. Owners approve invitations, edit the profile and manage members.',
  'setup.already.title': 'Already set up',
  'setup.already.body': 'Publisher Desk was set up for your organization on {date}. Its Owners are listed below.',
  'setup.noEmail':
    'I could not read your email address from Teams, and an Owner needs one. Please try again in a minute.',

  'whoami.title': 'Your access',
  'whoami.member': 'You are **{role}** of your organization\'s publishing account ({status}).',
  'whoami.notMember':
    'You are not a member of your organization\'s publishing account yet. Ask one of its Owners to invite you.',
  'whoami.notSetUp':
    'Nobody has set up Publisher Desk for your organization yet. Type **setup** to become its first Owner.',
  'whoami.owners': 'Owners',
  'whoami.since': 'Member since',
  'whoami.email': 'Email',

  'unknown.didYouMean': 'I do not know "{text}". Did you mean **{suggestion}**?',
  'unknown.notUnderstood': 'I do not know "{text}". Here is what I can do.',

  'error.title': 'Something went wrong',
  'error.body':
    'That did not work because of a problem on our side. Please try again; if it keeps happening, give your admin this error ID: {errorId}',
  'identity.missing':
    'Publisher Desk works inside Microsoft Teams: this message came without a Teams user or organization.',
  'tenant.notAllowed': 'Publisher Desk is not enabled for your organization.',
  'action.unknownVerb':
    'This button ({verb}) is not one Publisher Desk knows. The card may be out of date: type help for a fresh one.',
  'action.invalidData': 'This button sent data Publisher Desk cannot use: {problem}',
  'action.sent': 'Sent: {command}',
  'action.unsupported': 'Publisher Desk does not handle "{name}" requests.',
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Readonly<Record<MessageKey, string>>;
