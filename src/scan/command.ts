export async function scanCommand(_args: readonly string[]): Promise<number> {
  process.stderr.write('iis401: scan is not implemented yet\n');
  return 1;
}
