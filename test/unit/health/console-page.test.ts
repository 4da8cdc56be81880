import { consolePage } from '../../../shared/console/assets/console-page';

describe('the console’s Remove dialog', () => {
  const page = consolePage({ refreshSeconds: 15 });
  const dialog = page.slice(page.indexOf('<dialog id="confirm-remove"'), page.indexOf('</dialog>'));

  it('says Merge keeps the linked account, and how to delete it there', () => {
    expect(dialog).toContain('Merge keeps the linked account (still syncing and billing it)');
    expect(dialog).toContain('merge-sync accounts remove ACCOUNT --in-merge');
  });

  it('keeps the ids the page script and the browser test use', () => {
    for (const id of ['confirm-remove', 'confirm-input', 'confirm-ok', 'confirm-error', 'confirm-id'])
      expect(dialog).toContain(`id="${id}"`);
  });
});
