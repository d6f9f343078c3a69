import type { ruCampaignContent } from './ru-campaign-content';

/** English messages of a campaign's letter, WhatsApp template and campaign sheet (see ru-campaign-content.ts). */
export const enCampaignContent: Record<keyof typeof ruCampaignContent, string> = {
  'campaigns.field.textEmail': 'Text (also the plain-text version of the letter)',
  'campaigns.field.textWhatsApp': 'Text (for SMS and the preview; WhatsApp gets the template below)',
  'campaigns.audience.sheet': 'Campaign sheet',
  'campaigns.audience.sheetNone': 'Campaign sheet',

  'campaigns.sheet.pick': 'Choose a saved sheet…',
  'campaigns.sheet.noLists': 'No saved sheets yet',
  'campaigns.sheet.listOption': '{name} ({rows} rows)',
  'campaigns.sheet.or': 'or',
  'campaigns.sheet.upload': 'Upload a file',
  'campaigns.sheet.reading': 'Checking the file…',
  'campaigns.sheet.chosen':
    'Recipients: the sheet "{name}", {rows} rows. Each row has its own send time and its own {var1}, {var2}… values.',
  'campaigns.sheet.hint':
    'Sheet format: the number (11 digits starting with 7); the send date and time (yyyy-mm-dd hh:mm:ss); then the values for {var1}, {var2}… CSV with ";" or an Excel workbook.',
  'campaigns.sheet.summary':
    'File "{file}": {valid} valid rows, {rejected} with errors, {duplicates} repeated numbers (the first row is kept).',
  'campaigns.sheet.colRow': 'Row',
  'campaigns.sheet.colPhone': 'Number',
  'campaigns.sheet.colTime': 'Send time',
  'campaigns.sheet.rejectedTitle': 'Rows with errors — they will not be sent',
  'campaigns.sheet.row': 'Row {row}:',
  'campaigns.sheet.badNumber':
    'the number must be 11 digits starting with 7, e.g. 79207460022 (the file has "{value}")',
  'campaigns.sheet.badTime':
    'the send time is written yyyy-mm-dd hh:mm:ss, e.g. 2021-06-21 22:02:00 (the file has "{value}")',
  'campaigns.sheet.moreRejected': '{count} more rows with errors',
  'campaigns.sheet.duplicates': 'Repeated numbers left out: {rows}.',
  'campaigns.sheet.duplicate': 'row {row} (same as row {first})',
  'campaigns.sheet.name': 'List name',
  'campaigns.sheet.save': 'Save and choose',
  'campaigns.sheet.saving': 'Saving…',
  'campaigns.sheet.discard': 'Discard',
  'campaigns.sheet.noValid': 'The file has no valid row — fix it and upload it again.',
  'campaigns.sheet.varHint': "This row's value from the campaign sheet",
  'campaigns.sheet.varLabel': 'From the sheet: {var{n}}',

  'campaigns.error.sheet': 'Choose a campaign sheet or upload a file',
  'campaigns.error.htmlTemplate': 'The HTML has errors ({count}) — see below',
  'campaigns.error.htmlPicture': 'The HTML shows "cid:{name}", but there is no such picture — add it',
  'campaigns.error.picturesWithoutHtml': 'Pictures are shown by an HTML letter only: add the HTML or remove them',
  'campaigns.error.waTemplate': 'Choose an approved WhatsApp template',
  'campaigns.error.waVariable': 'Say what fills {n}',

  'campaigns.html.title': 'Letter: HTML and pictures',
  'campaigns.html.hint':
    'The letter gets an HTML version; the text above becomes its plain-text version. Fields work as in the text, their values escaped. Pictures go in as cid:name.',
  'campaigns.html.field': "The letter's HTML",
  'campaigns.html.placeholder': '<p>Hello!</p>',
  'campaigns.html.preview': 'Preview',
  'campaigns.html.previewHide': 'Hide the preview',
  'campaigns.html.previewFor': 'As seen by',
  'campaigns.html.previewEmpty': 'A contact with empty fields',
  'campaigns.html.previewBroken': 'The preview appears once the HTML has no errors.',
  'campaigns.html.previewTitle': 'Letter preview',
  'campaigns.html.previewNoRemote': 'Pictures from the internet ({count}) are not loaded in the preview.',

  'campaigns.picture.title': 'Pictures',
  'campaigns.picture.add': 'Add a picture',
  'campaigns.picture.adding': 'Uploading…',
  'campaigns.picture.hint':
    'PNG, JPEG, GIF or WebP, up to 5 MB each and 10 MB together. Each goes inside every letter.',
  'campaigns.picture.insert': 'Insert',
  'campaigns.picture.remove': 'Remove the picture',
  'campaigns.picture.unused': 'not shown by the HTML — mail programs will show it as an attachment',
  'campaigns.picture.tooLarge': 'The picture is larger than 5 MB — make it smaller',
  'campaigns.picture.wrongType': "Not a PNG, JPEG, GIF or WebP picture (the file's content is checked, not its name)",
  'campaigns.picture.empty': 'The file is empty',

  'campaigns.wa.title': 'WhatsApp template',
  'campaigns.wa.noAccount': 'Choose a WhatsApp account above.',
  'campaigns.wa.template': 'Approved template',
  'campaigns.wa.pick': 'Choose a template…',
  'campaigns.wa.hint':
    'A business can write first on WhatsApp only with an approved template. Templates not approved are listed but cannot be chosen.',
  'campaigns.wa.body': "The template's text",
  'campaigns.wa.fieldFor': 'Field for variable {n}',
  'campaigns.wa.textFor': 'Text for variable {n}',
  'campaigns.wa.custom': 'Own text…',
  'campaigns.wa.textPlaceholder': 'Text, fields allowed',
  'campaigns.wa.empty': 'This account has no templates.',

  'campaigns.render.titleSheet': 'Preview for a row of the sheet',
  'campaigns.render.pickRow': 'Pick a row — the exact message that goes to that number appears here.',
  'campaigns.render.rowName': 'row {row}, {phone}',
  'campaigns.render.rowShort': '#{row}',
  'campaigns.render.prevRows': 'Back',
  'campaigns.render.nextRows': 'Next',
  'campaigns.render.rowsOf': '{from}–{to} of {total}',
  'campaigns.render.sendAt': 'Sent at: {time}',
  'campaigns.render.waTemplate': 'Template {name} · {language}',
  'campaigns.render.characters': 'Characters: {characters}',
  'campaigns.render.plainText': 'Plain-text version',

  'error.not_found.pictures': 'The picture is no longer available — add it again',
  'error.too_large.pictures': 'The pictures together are larger than 10 MB',
};
