import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// Noto Sans SC (OFL) covers GB 18030 level 2, including rare name characters such as 䶮.
// Packaged builds ship the two weights in resources/fonts; development reads them from the npm package.
const FILES = {
  regular: ['NotoSansSC-Regular.ttf', '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'],
  bold: ['NotoSansSC-Bold.ttf', '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'],
} as const;

export function fontPath(weight: keyof typeof FILES): string {
  const [shipped, fromNpm] = FILES[weight];
  const resources = process.env.LONGLING_RESOURCES ?? join(process.cwd(), 'resources');
  const local = join(resources, 'fonts', shipped);
  if (existsSync(local)) return local;
  return createRequire(import.meta.url).resolve(fromNpm);
}
