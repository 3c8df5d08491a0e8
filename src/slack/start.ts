export async function start(_env: NodeJS.ProcessEnv): Promise<number> {
  process.stderr.write('iis401: the Slack app is not implemented yet\n');
  return 1;
}
