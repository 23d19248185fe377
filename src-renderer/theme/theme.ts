import { Badge, createTheme, localStorageColorSchemeManager } from '@mantine/core';

/**
 * The app's one theme (architecture.md "The renderer"). Fonts list the CJK faces each desktop
 * platform ships (WenQuanYi on Debian, PingFang on macOS, YaHei on Windows) so Chinese never
 * falls back to boxes or a mismatched serif.
 */
const cjkSans = "'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC'";

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, ${cjkSans}, sans-serif`,
  fontFamilyMonospace: `ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace`,
  headings: { fontFamily: `system-ui, -apple-system, 'Segoe UI', Roboto, Arial, ${cjkSans}, sans-serif` },
  cursorType: 'pointer',
  components: {
    // Mantine upper-cases badge text: fine for one English word, wrong for role and status
    // names ("BRANCH MANAGER"), and meaningless for Chinese.
    Badge: Badge.extend({ styles: { root: { textTransform: 'none' } } }),
  },
});

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'brokerdesk.colorScheme' });
