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
  'action.notRefreshable': 'This button ({verb}) only works when clicked.',
  'action.sent': 'Sent: {command}',
  'action.unsupported': 'Publisher Desk does not handle "{name}" requests.',

  'command.prereqs': 'Show the prerequisites checklist: the five steps to become a registered cloud publisher.',

  'access.notMember': 'Only members of your organization\'s publishing account can do this. Ask an Owner to invite you.',

  'access.ownersOnly': 'Only Owners of your organization\'s publishing account can do this.',
  'prereq.title': 'Become a registered cloud publisher',
  'prereq.progress': '{done} of {total} done',
  'prereq.allDone': 'Every step is done: your organization is a registered cloud publisher.',
  'prereq.next': 'Next: step {number}, {title}',
  'prereq.transact.question':
    'Will your organization sell through Azure (transact offers)? Then steps 2 and 5 are required; otherwise they are recommended.',
  'prereq.transact.yes': 'Yes, we will sell through Azure',
  'prereq.transact.no': 'No',
  'prereq.transact.answeredYes': 'Your organization will sell through Azure: steps 2 and 5 are required.',
  'prereq.transact.answeredNo': 'Your organization will not sell through Azure: steps 2 and 5 are recommended.',
  'prereq.transact.change': 'Change the answer',
  'prereq.required': 'Required',
  'prereq.recommended': 'Recommended',
  'prereq.status.done': 'Done',
  'prereq.status.open': 'To do',
  'prereq.doneBy': 'Done by {name}, {date}',
  'prereq.reopenedBy': 'Reopened by {name}, {date}',
  'prereq.duration.minutes': 'About {min} minutes',
  'prereq.duration.days': '{min} to {max} days',
  'prereq.action.complete': 'Complete this step',
  'prereq.action.change': 'Change',
  'prereq.action.reopen': 'Reopen',
  'prereq.action.save': 'Save',
  'prereq.action.cancel': 'Cancel',
  'prereq.action.link': 'Open the site',
  'prereq.formError': 'Please correct the fields marked below. Nothing was saved.',

  'prereq.step.mpn.title': 'Join the Microsoft Partner Network',
  'prereq.step.mpn.todo': 'Register in the Microsoft Partner Network and record your organization\'s MPN ID.',
  'prereq.step.account.title': 'Create a Microsoft account for the portal',
  'prereq.step.account.todo':
    'Create a Microsoft account, such as an @outlook.com or @live.com address, to sign in to the Cloud Partner Portal. A team alias works better than one person\'s address.',
  'prereq.step.registration.title': 'Submit the marketplace registration form',
  'prereq.step.registration.todo':
    'Fill in the Azure Marketplace and AppSource registration form with your main offer type and target audience.',
  'prereq.step.portal.title': 'Sign in to the Cloud Partner Portal',
  'prereq.step.portal.todo':
    'When the welcome email arrives, sign in to the Cloud Partner Portal with the Microsoft account from step 2.',
  'prereq.step.devCenter.title': 'Register in Microsoft Developer Center',
  'prereq.step.devCenter.todo':
    'Register a Company account in Microsoft Developer Center, with the same Microsoft account as step 2.',
  'prereq.portal.overdue':
    'More than 3 days have passed since the registration form was submitted. Check your spam folder for "Welcome to Microsoft Marketplace!". If it is not there, contact support with the problem type "Marketplace Onboarding".',

  'prereq.field.mpnId': 'MPN ID',
  'prereq.field.accountEmail': 'Microsoft account email',
  'prereq.field.submittedOn': 'Date the form was submitted',
  'prereq.field.offerType': 'Main offer type',
  'prereq.field.audience': 'Target audience',
  'prereq.field.signedInOn': 'Date of the first sign-in',
  'prereq.field.devCenterEmail': 'Developer Center account email',
  'prereq.field.accountType': 'Developer Center account type',

  'prereq.offerType.azureApplications': 'Azure applications',
  'prereq.offerType.consultingServices': 'Consulting services',
  'prereq.offerType.containers': 'Containers',
  'prereq.offerType.dynamicsBusinessCentral': 'Dynamics 365 Business Central',
  'prereq.offerType.dynamicsCustomerEngagement': 'Dynamics 365 for Customer Engagement',
  'prereq.offerType.dynamicsOperations': 'Dynamics 365 for Operations',
  'prereq.offerType.iotEdgeModules': 'IoT Edge modules',
  'prereq.offerType.powerBiApp': 'Power BI App',
  'prereq.offerType.saasApplications': 'SaaS applications',
  'prereq.offerType.virtualMachines': 'Virtual machines',
  'prereq.audience.itPros': 'IT professionals and developers (Azure Marketplace)',
  'prereq.audience.businessUsers': 'Business users (AppSource)',
  'prereq.audience.both': 'Both',
  'prereq.accountType.company': 'Company',
  'prereq.accountType.individual': 'Individual',

  'prereq.error.mpnId': 'An MPN ID is 6 to 10 digits and nothing else.',
  'prereq.error.email': 'Enter an email address, such as publishing@outlook.com.',
  'prereq.error.date': 'Enter a date as YYYY-MM-DD.',
  'prereq.error.future': 'This date is in the future.',
  'prereq.error.microsoftDomain': 'An address in the microsoft.com domain cannot register in Developer Center.',
  'prereq.error.branded': 'The account name must not contain "Microsoft" or "Azure".',
  'prereq.error.offerType': 'Choose the main offer type.',
  'prereq.error.audience': 'Choose the target audience.',
  'prereq.error.accountFirst': 'Complete step 2 first: Developer Center must use the Microsoft account from step 2.',
  'prereq.error.sameAccount': 'This must be the Microsoft account from step 2.',
  'prereq.error.accountType': 'Choose the account type.',
  'prereq.error.individual':
    'Developer Center needs a Company account. An Individual account cannot be changed to Company later.',
  'prereq.warning.workAccount':
    'A Microsoft account tied to a work email address cannot sign in to the Cloud Partner Portal. If your domain is federated in Azure AD, create an @outlook.com account and forward its mail to your work address.',
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Readonly<Record<MessageKey, string>>;
