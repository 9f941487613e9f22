// Messages zod writes itself (those no schema overrides) come out in Chinese too.
import { z } from 'zod';

z.config(z.locales.zhCN());
