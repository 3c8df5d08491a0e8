// The docs site's build tools (VitePress, esbuild) are devDependencies: a server install
// (`npm ci --omit=dev`) compiles this project without them, so they are imported by a name TypeScript
// does not resolve, through the small shapes this project uses.

export interface VitePressApi {
  build(root: string): Promise<void>;
  createServer(root: string, options: { host: string }): Promise<{ listen(): Promise<unknown>; printUrls(): void }>;
}

export interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** A devDependency by name; fails with a plain message where it is not installed. */
export async function importDevTool<T>(name: 'vitepress' | 'esbuild'): Promise<T> {
  const specifier: string = name;
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    throw new Error(`${name} is not installed (it is a devDependency: run npm ci without --omit=dev to build the docs site): ${(error as Error).message}`);
  }
}
