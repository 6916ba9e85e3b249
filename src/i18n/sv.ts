import type { Catalog } from './en.js';

export const sv: Catalog = {
  'app.name': 'Publisher Desk',
  'welcome.text':
    'Hej, jag är Publisher Desk. Jag hjälper ert team att sköta konto för marknadsplatspublicering direkt i Teams. Skriv **help** för att se vad jag kan göra.',

  'help.title': 'Det här kan Publisher Desk göra',
  'help.intro': 'Skriv ett kommando eller använd en knapp. I en kanal: @nämn mig först.',
  'help.examples': 'Vanliga ord fungerar också, till exempel "vem är jag" eller "vilka är ägarna".',

  'command.help': 'Visa den här listan med kommandon.',
  'command.setup': 'Första gången: den som konfigurerar organisationen först blir dess ägare.',
  'command.whoami': 'Visa din roll i publiceringskontot, eller hur du får åtkomst.',

  'role.owner': 'Ägare',
  'role.contributor': 'Deltagare',
  'status.invited': 'Inbjuden',
  'status.active': 'Aktiv',

  'setup.created.title': 'Publisher Desk är konfigurerat',
  'setup.created.body':
    'Du är den första ägaren av organisationens publiceringskonto. Ägare godkänner inbjudningar, redigerar profilen och hanterar medlemmar.',
  'setup.already.title': 'Redan konfigurerat',
  'setup.already.body': 'Publisher Desk konfigurerades för din organisation {date}. Ägarna visas nedan.',
  'setup.noEmail':
    'Jag kunde inte läsa din e-postadress från Teams, och en ägare behöver en. Försök igen om en minut.',

  'whoami.title': 'Din åtkomst',
  'whoami.member': 'Du är **{role}** i organisationens publiceringskonto ({status}).',
  'whoami.notMember':
    'Du är inte medlem i organisationens publiceringskonto än. Be någon av ägarna att bjuda in dig.',
  'whoami.notSetUp':
    'Ingen har konfigurerat Publisher Desk för din organisation än. Skriv **setup** för att bli dess första ägare.',
  'whoami.owners': 'Ägare',
  'whoami.since': 'Medlem sedan',
  'whoami.email': 'E-post',

  'unknown.didYouMean': 'Jag känner inte till "{text}". Menade du **{suggestion}**?',
  'unknown.notUnderstood': 'Jag känner inte till "{text}". Det här kan jag göra.',

  'error.title': 'Något gick fel',
  'error.body':
    'Det fungerade inte på grund av ett fel hos oss. Försök igen; om det fortsätter, ge din administratör detta fel-ID: {errorId}',
  'identity.missing':
    'Publisher Desk fungerar i Microsoft Teams: meddelandet kom utan någon Teams-användare eller organisation.',
  'tenant.notAllowed': 'Publisher Desk är inte aktiverat för din organisation.',
  'action.unknownVerb':
    'Knappen ({verb}) är inte en som Publisher Desk känner till. Kortet kan vara inaktuellt: skriv help för ett nytt.',
  'action.invalidData': 'Knappen skickade data som Publisher Desk inte kan använda: {problem}',
  'action.notRefreshable': 'Knappen ({verb}) fungerar bara när man klickar på den.',
  'action.sent': 'Skickat: {command}',
  'action.unsupported': 'Publisher Desk hanterar inte "{name}"-anrop.',

  'command.prereqs': 'Visa checklistan med förutsättningar: de fem stegen för att bli registrerad molnutgivare.',

  'access.notMember': 'Bara medlemmar i organisationens publiceringskonto kan göra det här. Be en ägare att bjuda in dig.',

  'access.ownersOnly': 'Bara ägare av organisationens publiceringskonto kan göra det här.',
  'prereq.title': 'Bli registrerad molnutgivare',
  'prereq.progress': '{done} av {total} klara',
  'prereq.allDone': 'Alla steg är klara: din organisation är registrerad molnutgivare.',
  'prereq.next': 'Nästa: steg {number}, {title}',
  'prereq.transact.question':
    'Ska din organisation sälja via Azure (transaktionserbjudanden)? Då krävs steg 2 och 5; annars rekommenderas de.',
  'prereq.transact.yes': 'Ja, vi ska sälja via Azure',
  'prereq.transact.no': 'Nej',
  'prereq.transact.answeredYes': 'Din organisation ska sälja via Azure: steg 2 och 5 krävs.',
  'prereq.transact.answeredNo': 'Din organisation ska inte sälja via Azure: steg 2 och 5 rekommenderas.',
  'prereq.transact.change': 'Ändra svaret',
  'prereq.required': 'Krävs',
  'prereq.recommended': 'Rekommenderas',
  'prereq.status.done': 'Klart',
  'prereq.status.open': 'Att göra',
  'prereq.doneBy': 'Klarmarkerat av {name}, {date}',
  'prereq.reopenedBy': 'Återöppnat av {name}, {date}',
  'prereq.duration.minutes': 'Cirka {min} minuter',
  'prereq.duration.days': '{min} till {max} dagar',
  'prereq.action.complete': 'Slutför steget',
  'prereq.action.change': 'Ändra',
  'prereq.action.reopen': 'Öppna igen',
  'prereq.action.save': 'Spara',
  'prereq.action.cancel': 'Avbryt',
  'prereq.action.link': 'Öppna webbplatsen',
  'prereq.formError': 'Rätta fälten som är markerade nedan. Inget sparades.',

  'prereq.step.mpn.title': 'Gå med i Microsoft Partner Network',
  'prereq.step.mpn.todo': 'Registrera er i Microsoft Partner Network och ange organisationens MPN-ID.',
  'prereq.step.account.title': 'Skapa ett Microsoft-konto för portalen',
  'prereq.step.account.todo':
    'Skapa ett Microsoft-konto, till exempel en @outlook.com- eller @live.com-adress, för att logga in i Cloud Partner Portal. Ett teamalias fungerar bättre än en enskild persons adress.',
  'prereq.step.registration.title': 'Skicka in registreringsformuläret för marknadsplatsen',
  'prereq.step.registration.todo':
    'Fyll i registreringsformuläret för Azure Marketplace och AppSource med er huvudsakliga erbjudandetyp och målgrupp.',
  'prereq.step.portal.title': 'Logga in i Cloud Partner Portal',
  'prereq.step.portal.todo':
    'När välkomstmejlet har kommit: logga in i Cloud Partner Portal med Microsoft-kontot från steg 2.',
  'prereq.step.devCenter.title': 'Registrera er i Microsoft Developer Center',
  'prereq.step.devCenter.todo':
    'Registrera ett företagskonto (Company) i Microsoft Developer Center, med samma Microsoft-konto som i steg 2.',
  'prereq.portal.overdue':
    'Det har gått mer än 3 dagar sedan registreringsformuläret skickades in. Titta i skräpposten efter "Welcome to Microsoft Marketplace!". Om det inte finns där, kontakta supporten med problemtypen "Marketplace Onboarding".',

  'prereq.field.mpnId': 'MPN-ID',
  'prereq.field.accountEmail': 'E-postadress för Microsoft-kontot',
  'prereq.field.submittedOn': 'Datum då formuläret skickades in',
  'prereq.field.offerType': 'Huvudsaklig erbjudandetyp',
  'prereq.field.audience': 'Målgrupp',
  'prereq.field.signedInOn': 'Datum för första inloggningen',
  'prereq.field.devCenterEmail': 'E-postadress för Developer Center-kontot',
  'prereq.field.accountType': 'Kontotyp i Developer Center',

  'prereq.offerType.azureApplications': 'Azure-program',
  'prereq.offerType.consultingServices': 'Konsulttjänster',
  'prereq.offerType.containers': 'Containrar',
  'prereq.offerType.dynamicsBusinessCentral': 'Dynamics 365 Business Central',
  'prereq.offerType.dynamicsCustomerEngagement': 'Dynamics 365 for Customer Engagement',
  'prereq.offerType.dynamicsOperations': 'Dynamics 365 for Operations',
  'prereq.offerType.iotEdgeModules': 'IoT Edge-moduler',
  'prereq.offerType.powerBiApp': 'Power BI-app',
  'prereq.offerType.saasApplications': 'SaaS-program',
  'prereq.offerType.virtualMachines': 'Virtuella datorer',
  'prereq.audience.itPros': 'IT-proffs och utvecklare (Azure Marketplace)',
  'prereq.audience.businessUsers': 'Affärsanvändare (AppSource)',
  'prereq.audience.both': 'Båda',
  'prereq.accountType.company': 'Företag (Company)',
  'prereq.accountType.individual': 'Privatperson (Individual)',

  'prereq.error.mpnId': 'Ett MPN-ID består av 6 till 10 siffror och inget annat.',
  'prereq.error.email': 'Ange en e-postadress, till exempel publicering@outlook.com.',
  'prereq.error.date': 'Ange ett datum som ÅÅÅÅ-MM-DD.',
  'prereq.error.future': 'Datumet ligger i framtiden.',
  'prereq.error.microsoftDomain': 'En adress i domänen microsoft.com kan inte registreras i Developer Center.',
  'prereq.error.branded': 'Kontonamnet får inte innehålla "Microsoft" eller "Azure".',
  'prereq.error.offerType': 'Välj huvudsaklig erbjudandetyp.',
  'prereq.error.audience': 'Välj målgrupp.',
  'prereq.error.accountFirst': 'Slutför steg 2 först: Developer Center ska använda Microsoft-kontot från steg 2.',
  'prereq.error.sameAccount': 'Det här måste vara Microsoft-kontot från steg 2.',
  'prereq.error.accountType': 'Välj kontotyp.',
  'prereq.error.individual':
    'Developer Center kräver ett företagskonto (Company). Ett privat konto (Individual) kan inte ändras till företag senare.',
  'prereq.warning.workAccount':
    'Ett Microsoft-konto som är kopplat till en jobbadress kan inte logga in i Cloud Partner Portal. Om er domän är federerad i Azure AD: skapa ett @outlook.com-konto och vidarebefordra dess e-post till jobbadressen.',
};
