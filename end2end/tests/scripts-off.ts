// What axe checks when a project runs without JavaScript.
import type { Browser, Page } from '@playwright/test';

/**
 * The page as a browser without JavaScript has it, in a context where axe can still run: the same address and
 * session, the document as the server sent it with its scripts taken out, so nothing hydrates.
 */
export async function withoutScripts(page: Page, browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: true,
    storageState: await page.context().storageState(),
  });
  const address = page.url();
  await context.route(
    (url) => url.href === address,
    async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/<script[\s\S]*?<\/script>/g, '');
      await route.fulfill({ response, body });
    },
  );
  const copy = await context.newPage();
  await copy.goto(address);
  return copy;
}
