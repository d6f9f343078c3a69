import { LETTER_PATH, letterDocument, LetterViews, remotePictures } from '../files/letter-views';
import { picturesByIds } from '../repos/campaign-pictures';
import type { Db } from '../db/open';
import fs from 'node:fs';
import { PICTURE_MAX_BYTES } from '../../../shared/domain/pictures';
import type { Handlers } from '../../../shared/ipc/dispatch';
import { VestnikError } from '../../../shared/ipc/result';
import type { FileRegistry } from '../import/files';
import type { CampaignService } from './service';
import type { SheetService } from './sheets';

/**
 * The contract's handlers for what a campaign carries besides its text: the letter's pictures, the exact
 * message for a recipient, and campaign sheets as recipient lists.
 *
 * Security contract: files arrive only as handles the shell registered (the native dialog's choice, or a
 * browser upload); no handler takes a path. A picture is read only up to its cap.
 */
export function contentHandlers(
  files: FileRegistry,
  letters: LetterViews,
  db: Db,
  campaigns: CampaignService,
  sheets: SheetService,
  pickPicture: (() => Promise<string | null>) | undefined,
  listsChanged: () => void,
) {
  return {
    'files:pick-picture': async () => {
      if (!pickPicture)
        throw new VestnikError('bad_request', 'Choose the picture in the page (browser mode uploads it)');
      const file = await pickPicture();
      return file === null ? null : files.register(file);
    },
    'campaigns:picture-add': ({ handle, taken }) => {
      const file = files.resolve(handle);
      const size = fs.statSync(file.path).size;
      if (size > PICTURE_MAX_BYTES) {
        throw new VestnikError(
          'too_large',
          `The picture is larger than ${PICTURE_MAX_BYTES / 2 ** 20} MB (${(size / 2 ** 20).toFixed(1)} MB)`,
          'picture',
        );
      }
      return campaigns.addPicture(fs.readFileSync(file.path), file.name, taken);
    },
    'campaigns:pictures': ({ id }) => campaigns.pictures(id),
    'campaigns:letter-view': ({ html, pictures }) => ({
      path: `${LETTER_PATH}${letters.put(letterDocument(html, picturesByIds(db, pictures)))}`,
      remote: remotePictures(html),
    }),
    'campaigns:render': ({ id, contactId, row }) => campaigns.render(id, { contactId, row }),
    'sheets:list': () => sheets.list(),
    'sheets:check': ({ handle }) => sheets.check(handle),
    'sheets:save': async ({ handle, name }) => {
      const saved = await sheets.save(handle, name);
      listsChanged();
      return saved;
    },
    'sheets:rows': ({ listId, offset, limit }) => sheets.rows(listId, offset, limit),
  } satisfies Partial<Handlers>;
}
