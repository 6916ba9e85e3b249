// The floor: the least work a Bot Framework turn can do on this stack (restify, CloudAdapter with no
// credentials, the same body limit as the product). A message is echoed in the reply; an invoke is
// answered 200 with a short text. The benchmark divides the product's figures by this bot's.
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';

// No app ID: requests carry no token, as in the product's local mode.
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, mapFiles: false }));

async function echo(context: TurnContext): Promise<void> {
  if (context.activity.type === ActivityTypes.Invoke) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'echo' } },
    });
    return;
  }
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
}

server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, echo);
});
server.get('/healthz', async (_req, res) => {
  res.send(200, { status: 'ok' });
});

server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`echo bot listening on http://127.0.0.1:${address.port}`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
