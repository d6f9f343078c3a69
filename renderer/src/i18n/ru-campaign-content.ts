/**
 * Russian messages of what a campaign carries besides its text: the e-mail letter (HTML and pictures),
 * WhatsApp's template with its variables mapped, the campaign sheet as the audience, and their previews.
 * Spread into `ruCampaigns`.
 */
export const ruCampaignContent = {
  'campaigns.field.textEmail': 'Текст (и текстовая версия письма)',
  'campaigns.field.textWhatsApp': 'Текст (для SMS и предпросмотра; в WhatsApp уйдёт шаблон ниже)',
  'campaigns.audience.sheet': 'Таблица рассылки',
  'campaigns.audience.sheetNone': 'Таблица рассылки',

  'campaigns.sheet.pick': 'Выберите сохранённую таблицу…',
  'campaigns.sheet.noLists': 'Сохранённых таблиц пока нет',
  'campaigns.sheet.listOption': '{name} (строк: {rows})',
  'campaigns.sheet.or': 'или',
  'campaigns.sheet.upload': 'Загрузить файл',
  'campaigns.sheet.reading': 'Проверяем файл…',
  'campaigns.sheet.chosen':
    'Получатели — таблица «{name}», строк: {rows}. У каждой строки своё время отправки и свои значения {var1}, {var2}…',
  'campaigns.sheet.hint':
    'Формат таблицы: номер (11 цифр, начиная с 7); дата и время отправки (гггг-мм-дд чч:мм:сс); затем значения для {var1}, {var2}… CSV с «;» или книга Excel.',
  'campaigns.sheet.summary':
    'Файл «{file}»: годных строк {valid}, с ошибками {rejected}, повторов номера {duplicates} (остаётся первая строка).',
  'campaigns.sheet.colRow': 'Строка',
  'campaigns.sheet.colPhone': 'Номер',
  'campaigns.sheet.colTime': 'Время отправки',
  'campaigns.sheet.rejectedTitle': 'Строки с ошибками — их не будет в рассылке',
  'campaigns.sheet.row': 'Строка {row}:',
  'campaigns.sheet.badNumber':
    'номер должен быть из 11 цифр и начинаться с 7, например 79207460022 (в файле «{value}»)',
  'campaigns.sheet.badTime':
    'время отправки пишется как гггг-мм-дд чч:мм:сс, например 2021-06-21 22:02:00 (в файле «{value}»)',
  'campaigns.sheet.moreRejected': 'И ещё строк с ошибками: {count}',
  'campaigns.sheet.duplicates': 'Повторы номера пропущены: {rows}.',
  'campaigns.sheet.duplicate': 'строка {row} (как строка {first})',
  'campaigns.sheet.name': 'Название списка',
  'campaigns.sheet.save': 'Сохранить и выбрать',
  'campaigns.sheet.saving': 'Сохраняем…',
  'campaigns.sheet.discard': 'Отказаться',
  'campaigns.sheet.noValid': 'В файле нет ни одной годной строки — исправьте его и загрузите снова.',
  'campaigns.sheet.varHint': 'Значение из таблицы рассылки для этой строки',
  'campaigns.sheet.varLabel': 'Из таблицы: {var{n}}',

  'campaigns.error.sheet': 'Выберите таблицу рассылки или загрузите файл',
  'campaigns.error.htmlTemplate': 'В HTML ошибки ({count}) — см. ниже',
  'campaigns.error.htmlPicture': 'HTML показывает «cid:{name}», но такой картинки нет — добавьте её',
  'campaigns.error.picturesWithoutHtml': 'Картинки показываются только в HTML-письме: добавьте HTML или уберите их',
  'campaigns.error.waTemplate': 'Выберите одобренный шаблон WhatsApp',
  'campaigns.error.waVariable': 'Укажите, чем заполнить {n}',

  'campaigns.html.title': 'Письмо: HTML и картинки',
  'campaigns.html.hint':
    'Письмо получит HTML-версию, а текст выше станет её текстовой версией. Поля подставляются так же, как в тексте; их значения экранируются. Картинки вставляются как cid:имя.',
  'campaigns.html.field': 'HTML письма',
  'campaigns.html.placeholder': '<p>Здравствуйте!</p>',
  'campaigns.html.preview': 'Предпросмотр',
  'campaigns.html.previewHide': 'Скрыть предпросмотр',
  'campaigns.html.previewFor': 'Как увидит письмо',
  'campaigns.html.previewEmpty': 'Контакт с пустыми полями',
  'campaigns.html.previewBroken': 'Предпросмотр появится, когда в HTML не будет ошибок.',
  'campaigns.html.previewTitle': 'Предпросмотр письма',
  'campaigns.html.previewNoRemote': 'Картинки из интернета ({count}) в предпросмотре не загружаются.',

  'campaigns.picture.title': 'Картинки',
  'campaigns.picture.add': 'Добавить картинку',
  'campaigns.picture.adding': 'Загружаем…',
  'campaigns.picture.hint':
    'PNG, JPEG, GIF или WebP, до 5 МБ каждая и до 10 МБ вместе. Каждая уходит внутри каждого письма.',
  'campaigns.picture.insert': 'Вставить',
  'campaigns.picture.remove': 'Убрать картинку',
  'campaigns.picture.unused': 'не показана в HTML — почтовые программы покажут её вложением',
  'campaigns.picture.tooLarge': 'Картинка больше 5 МБ — уменьшите её',
  'campaigns.picture.wrongType': 'Это не картинка PNG, JPEG, GIF или WebP (проверяется содержимое файла, а не имя)',
  'campaigns.picture.empty': 'Файл пустой',

  'campaigns.wa.title': 'Шаблон WhatsApp',
  'campaigns.wa.noAccount': 'Выберите учётную запись WhatsApp выше.',
  'campaigns.wa.template': 'Одобренный шаблон',
  'campaigns.wa.pick': 'Выберите шаблон…',
  'campaigns.wa.hint':
    'Первым написать клиенту в WhatsApp можно только одобренным шаблоном. Неодобренные показаны, но выбрать их нельзя.',
  'campaigns.wa.body': 'Текст шаблона',
  'campaigns.wa.fieldFor': 'Поле для переменной {n}',
  'campaigns.wa.textFor': 'Текст для переменной {n}',
  'campaigns.wa.custom': 'Свой текст…',
  'campaigns.wa.textPlaceholder': 'Текст, можно с полями',
  'campaigns.wa.empty': 'У этой учётной записи нет шаблонов.',

  'campaigns.render.titleSheet': 'Предпросмотр для строки таблицы',
  'campaigns.render.pickRow': 'Выберите строку — здесь появится ровно то сообщение, которое уйдёт по этому номеру.',
  'campaigns.render.rowName': 'строка {row}, {phone}',
  'campaigns.render.rowShort': '№{row}',
  'campaigns.render.prevRows': 'Назад',
  'campaigns.render.nextRows': 'Дальше',
  'campaigns.render.rowsOf': '{from}–{to} из {total}',
  'campaigns.render.sendAt': 'Отправка: {time}',
  'campaigns.render.waTemplate': 'Шаблон {name} · {language}',
  'campaigns.render.characters': 'Символов: {characters}',
  'campaigns.render.plainText': 'Текстовая версия',

  'error.not_found.pictures': 'Картинка больше недоступна — добавьте её снова',
  'error.too_large.pictures': 'Картинки вместе больше 10 МБ',
};
