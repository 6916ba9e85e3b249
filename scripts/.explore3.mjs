import { chromium } from 'playwright-core';
const P = 'http://localhost:56150';
const conv = await (await fetch(`${P}/_connector/v3/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ isGroup: false, bot: { id: '28:8a3e5c1d-2f4b-4e6a-9c7d-1b0e3f5a6c72' }, members: [{ id: '0a1b2c3d-0003-4e5f-8a9b-0c1d2e3f4a03' }], tenantId: '6f1c2a4e-8b3d-4c5f-9a7e-2d1b0c3e4f50' }) })).json();
console.log(conv);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
await context.route('**/*', (r) => (['localhost', '127.0.0.1'].includes(new URL(r.request().url()).hostname) ? r.continue() : r.abort()));
const page = await context.newPage();
page.on('websocket', (ws) => { if (ws.url().endsWith('/_ws/log/stream')) ws.on('framereceived', (f) => { const m = JSON.parse(f.payload); if (m.log?.conversationId === conv.id) console.log('LOG', m.log.activityName, JSON.stringify(m.log.request?.body).slice(0, 300)); }); });
await page.goto(P);
await page.locator('[data-lexical-editor="true"]').waitFor();
await page.getByText('Mock an Activity').click();
await page.getByRole('menuitem', { name: 'Custom activity' }).click();
const dialog = page.getByRole('dialog');
const editor = dialog.locator('.monaco-editor');
await editor.waitFor();
const template = JSON.parse(await page.evaluate(() => window.monaco?.editor?.getModels?.()[0]?.getValue() ?? null) ?? 'null');
console.log('monaco global?', template ? 'yes' : 'no');
const activity = { type: 'message', text: 'hello', id: 'x1', timestamp: new Date().toISOString(), channelId: 'msteams', serviceUrl: `${P}/_connector`, locale: 'en-US',
  recipient: { id: '28:8a3e5c1d-2f4b-4e6a-9c7d-1b0e3f5a6c72', name: 'Publisher Desk' },
  conversation: { id: conv.id, conversationType: 'personal', tenantId: '6f1c2a4e-8b3d-4c5f-9a7e-2d1b0c3e4f50' },
  from: { id: '0a1b2c3d-0003-4e5f-8a9b-0c1d2e3f4a03', name: 'Carlos Contributor', aadObjectId: '0a1b2c3d-0003-4e5f-8a9b-0c1d2e3f4a03' },
  channelData: { tenant: { id: '6f1c2a4e-8b3d-4c5f-9a7e-2d1b0c3e4f50' } } };
await editor.click();
await page.keyboard.press('Control+A');
await page.keyboard.press('Delete');
await page.keyboard.insertText(JSON.stringify(activity));
await page.keyboard.press('Control+Shift+End');
await page.keyboard.press('Delete');
await page.waitForTimeout(500);
await page.screenshot({ path: '/tmp/pgx/e6.png' });
const req = page.waitForRequest((r) => r.url().endsWith('/_internal/v1/customActivities') && r.method() === 'POST');
await dialog.getByRole('button', { name: 'Send activity' }).click();
const sent = await req;
console.log('posted', sent.postData().slice(0, 400));
await page.waitForTimeout(5000);
await page.screenshot({ path: '/tmp/pgx/e7.png' });
await browser.close();
