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

  it('defuses formulas where Excel with a semicolon list separator starts a cell: after a semicolon or a line break', () => {
    expect(csvCell('Contoso;=cmd|calc')).toBe("Contoso;'=cmd|calc");
    expect(csvCell('note\n@SUM(A1)')).toBe('"note\n\'@SUM(A1)"');
    expect(csvCell('a\r\n+1;-2')).toBe('"a\r\n\'+1;\'-2"');
    expect(csvCell('a; b')).toBe('a; b');
  });

  it('defuses a formula after a semicolon or a line break with quotes or spaces before it, which quoting the cell doubles', () => {
    expect(csvCell('Mallory;"=cmd|\' /C calc\'!A0;')).toBe('"Mallory;\'""=cmd|\' /C calc\'!A0;"');
    expect(csvCell('a; " -2')).toBe('"a;\' "" -2"');
    expect(csvCell('note\n""@SUM(A1)')).toBe('"note\n\'""""@SUM(A1)"');
    expect(csvCell('a;"b"')).toBe('"a;""b"""');
  });

  it('writes a byte order mark and a header, then one CRLF line per event, a piece per page', async () => {
    const event = (id: string, name: string) => ({ id, type: 'member.added' as const, at: '2026-11-25T09:00:00.000Z', actor: { aadObjectId: 'o1', name }, subject: 'ana@contoso.com', after: { role: 'owner' } });
    async function* pages() {
      yield [event('1', '=Olivia'), event('2', 'Oscar')];
      yield [event('3', 'Olivia')];
    }
    const pieces: string[] = [];
    for await (const piece of auditCsv(pages())) pieces.push(piece);
    expect(pieces).toEqual([
      '\uFEFFtime,event,by,by_id,subject,before,after\r\n',
      '2026-11-25T09:00:00.000Z,member.added,\'=Olivia,o1,ana@contoso.com,,"{""role"":""owner""}"\r\n2026-11-25T09:00:00.000Z,member.added,Oscar,o1,ana@contoso.com,,"{""role"":""owner""}"\r\n',
      '2026-11-25T09:00:00.000Z,member.added,Olivia,o1,ana@contoso.com,,"{""role"":""owner""}"\r\n',
    ]);
  });
});
