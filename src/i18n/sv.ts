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
  'action.sent': 'Skickat: {command}',
  'action.unsupported': 'Publisher Desk hanterar inte "{name}"-anrop.',
};
