import { describe, expect, it } from '@jest/globals';
import { auditCsv, csvCell } from '../../src/tab/csv.js';

describe('the history CSV', () => {
  it('quotes cells with quotes, commas and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Contoso, Ltd')).toBe('"Contoso, Ltd"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe('"\'\rcmd"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes a byte order mark, a header and one CRLF line per event', () => {
    const csv = auditCsv([
      { id: '1', type: 'member.added', at: '2026-11-25T09:00:00.000Z', actor: { aadObjectId: 'o1', name: '=Olivia' }, subject: 'ana@contoso.com', after: { role: 'owner' } },
    ]);
    expect(csv).toBe('\uFEFFtime,event,by,by_id,subject,before,after\r\n2026-11-25T09:00:00.000Z,member.added,\'=Olivia,o1,ana@contoso.com,,"{""role"":""owner""}"\r\n');
  });
});
