# subkeeper — русский. Сообщения — HTML Telegram (t() экранирует аргументы; идентификаторы и ссылки — в <code>);
# надписи на кнопках, всплывающие ответы и описания команд — простой текст (tPlain()), без тегов и сущностей.
# Числа, переданные как number, форматируются по-русски и выбирают форму множественного числа (one/few/many);
# идентификаторы, номера заказов и коды передаются строками. Ключи и переменные совпадают с fa.ftl
# (это проверяет test/bots/locales.test.ts).

## Shared words and formats

language-name = Русский
price-toman = { $amount } { $amount ->
        [one] томан
        [few] томана
       *[many] томанов
    }
bytes-gb = { $n } ГБ
bytes-mb = { $n } МБ
traffic-unlimited = Безлимит
days-count = { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }
button-back = « Назад
button-cancel = Отмена
button-confirm = ✅ Подтвердить
button-main-menu = 🏠 Главное меню

## Errors and refusals

error-generic = Что-то пошло не так на нашей стороне. Попробуйте ещё раз чуть позже.
error-rate-limited = Слишком быстро. Подождите несколько секунд и попробуйте снова.
error-button-expired = Эта кнопка больше не действует. Откройте меню заново командой /start.
error-unknown-command = Я не знаю такой команды. Отправьте /help, чтобы узнать, что я умею.
error-expected-photo = Пришлите чек фотографией (не файлом и не текстом).
error-bad-input = Похоже, здесь ошибка. { $hint }
error-too-long = Сообщение слишком длинное. Уложитесь, пожалуйста, в { $max } символов.
banned = Ваш аккаунт заблокирован. Если это ошибка, напишите в поддержку.

## Start and the main menu

start-welcome = Здравствуйте, { $name }! 👋
    Добро пожаловать в <b>{ $shop }</b>. Быстрые и стабильные VPN-подписки для всех популярных приложений.
start-referred = Вы пришли по приглашению друга. Добро пожаловать!
menu-title = Что вы хотите сделать?
menu-plans = 🛒 Купить подписку
menu-subscriptions = 📋 Мои подписки
menu-wallet = 💰 Кошелёк
menu-trial = 🎁 Бесплатный пробный период
menu-support = 💬 Поддержка
menu-help = 📚 Приложения и инструкции
menu-language = 🌐 Язык
menu-referral = 🤝 Пригласить друзей
menu-agent = 🧑‍💼 Кабинет агента
agent-not-agent = Этот раздел для агентов магазина. Если хотите перепродавать, напишите в поддержку.
agent-panel = 🧑‍💼 <b>Кабинет агента</b>
    Кошелёк: <b>{ $balance }</b>
    Выберите тариф, чтобы купить подписки для своих клиентов по цене агента; оплата с кошелька.
agent-ask-names = Покупка <b>{ $plan }</b> по <b>{ $price }</b> за штуку. Отправьте имена своих клиентов, по одному в строке (не больше { $max }). Каждая подписка будет называться по имени клиента.
agent-names-invalid = Отправьте от 1 до { $max } имён, по одному в строке, каждое не длиннее { $length } символов.
agent-confirm = Купить подписки <b>{ $plan }</b> (штук: { $count }) для:
    { $names }
    Итого: <b>{ $total }</b> с кошелька (баланс: { $balance }).
agent-confirm-button = ✅ Купить с оплатой с кошелька
agent-insufficient = На кошельке ({ $balance }) не хватает на { $total }. Сначала пополните его на { $missing }.
agent-bought = ✅ Куплено подписок: { $count } — { $names }.
    Ссылка на каждую придёт сюда, как только она будет готова; все они в «Мои подписки», там же их можно продлить.
agent-failed-line = ⚠️ Не куплено для { $name }: { $reason }
referral-info = Поделитесь своей ссылкой-приглашением. С каждой покупки ваших друзей вы получаете { $share }% на кошелёк.
    <code>{ $link }</code>
referral-info-first = Поделитесь своей ссылкой-приглашением. С первой покупки каждого друга вы получаете { $share }% на кошелёк.
    <code>{ $link }</code>

## Commands (setMyCommands)

command-start = Главное меню
command-plans = Тарифы и цены
command-subs = Мои подписки
command-wallet = Баланс и пополнение кошелька
command-trial = Бесплатный пробный период
command-support = Написать в поддержку
command-lang = Сменить язык
command-help = Приложения и инструкции по настройке

## Language

language-choose = Выберите язык:
language-changed = Готово — теперь я говорю по-русски.

## Plans

plans-title = Выберите тариф:
plans-empty = Сейчас тарифов в продаже нет. Загляните чуть позже.
plans-group = 📍 { $group }
plan-button = { $name } · { $price }
plan-details = <b>{ $name }</b>
    Трафик: { $traffic }
    Срок: { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }
    Цена: <b>{ $price }</b>

## Buying: discount code, payment method, order

buy-summary = Вы покупаете <b>{ $plan }</b> за <b>{ $price }</b>.
buy-discount-ask = Есть промокод? Отправьте его сейчас или нажмите «Без промокода».
buy-discount-button = 🏷 У меня есть промокод
buy-discount-skip = Без промокода
discount-applied = Промокод <code>{ $code }</code> применён: скидка { $discount }. Новая цена: <b>{ $price }</b>.
discount-invalid = Промокод <code>{ $code }</code> недействителен.
discount-expired = Срок действия промокода <code>{ $code }</code> истёк.
discount-used-up = Промокод <code>{ $code }</code> исчерпал лимит использований.
discount-already-used = Вы уже использовали промокод <code>{ $code }</code>.
discount-lost-full-price = Вы можете купить по полной цене: <b>{ $price }</b>.
payment-choose = Как вы хотите оплатить <b>{ $price }</b>?
payment-card = 💳 Перевод на карту
payment-wallet = 👛 С кошелька (баланс: { $balance })
payment-wallet-insufficient = На кошельке ({ $balance }) не хватает средств. Пополните его на { $missing } или оплатите переводом на карту.
payment-wallet-paid = ✅ { $price } списано с кошелька за заказ <code>#{ $order }</code>. Подписка настраивается…
order-created = Заказ <code>#{ $order }</code> создан.
order-already-pending = У вас уже есть заказ, ожидающий оплаты: <code>#{ $order }</code>.
card-instructions = Чтобы оплатить заказ <code>#{ $order }</code>, переведите ровно <b>{ $amount }</b> на одну из этих карт:
    { $cards }
    Затем пришлите сюда фотографию чека в течение { $hours ->
        [one] { $hours } часа
       *[other] { $hours } часов
    }. Переводы на другую сумму сопоставить с заказом нельзя.
card-line = <code>{ $number }</code> — { $holder }
receipt-received = 📥 Чек по заказу <code>#{ $order }</code> получен.
receipt-waiting = ⏳ Ваш чек ждёт проверки. Как только его проверят, вы получите сообщение здесь.
receipt-already-waiting = ⏳ Чек по заказу <code>#{ $order }</code> уже ждёт проверки; это фото не добавлено. Как только его проверят, вы получите сообщение здесь. Если вы отправили не то фото, напишите в поддержку.
receipt-not-expected = Сейчас я не жду чек. Чтобы оплатить, сначала выберите тариф.
join-required = 📢 Чтобы купить или попробовать подписку, сначала подпишитесь на { $channels }, затем нажмите «Я подписался».
join-button = 📢 Подписаться на { $channel }
join-done-button = ✅ Я подписался
join-thanks = ✅ Спасибо за подписку! Теперь вам доступны тарифы и пробный период.
join-still-missing = Вы ещё не подписались на { $channels }. Подпишитесь и снова нажмите «Я подписался».

## Wallet

wallet-balance = 💰 Баланс кошелька: <b>{ $balance }</b>
wallet-topup-button = ➕ Пополнить
wallet-topup-ask = На какую сумму пополнить? Отправьте сумму в томанах (не меньше { $min }).
wallet-topup-invalid-amount = Отправьте целое число томанов, не меньше { $min }.
wallet-topup-instructions = Чтобы пополнить кошелёк, переведите ровно <b>{ $amount }</b> на одну из этих карт:
    { $cards }
    Затем пришлите сюда фотографию чека в течение { $hours ->
        [one] { $hours } часа
       *[other] { $hours } часов
    }.

## Free trial

trial-granted = 🎁 Ваш пробный период готов: { $traffic } на { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }.
    Ссылка на подписку (нажмите, чтобы скопировать):
    <code>{ $link }</code>
trial-already-used = Вы уже воспользовались пробным периодом. Посмотрите тарифы, чтобы продолжить.
trial-unavailable = Пробный период сейчас недоступен.

## My subscriptions

subs-title = Ваши подписки:
subs-empty = У вас пока нет подписок. Нажмите «Купить подписку», чтобы оформить её.
sub-state-provisioning = ⏳ Настраивается
sub-state-active = ✅ Активна
sub-state-limited = ⛔ Трафик закончился
sub-state-expired = ⌛ Истекла
sub-state-revoked = 🚫 Отозвана
sub-state-failed = ⚠️ Настройка задерживается — мы уже занимаемся
sub-title = <b>{ $name }</b> — { $state }
sub-usage = Использовано { $used } из { $total } ({ $percent }%)
    { $bar }
sub-usage-unlimited = Использовано { $used } (безлимит)
sub-days-left = { $days ->
        [0] Истекает сегодня ({ $date })
        [one] Остался { $days } день (до { $date })
        [few] Осталось { $days } дня (до { $date })
       *[many] Осталось { $days } дней (до { $date })
    }
sub-expired-on = Истекла { $date }
sub-link = Ссылка на подписку (нажмите, чтобы скопировать):
    <code>{ $link }</code>
sub-qr-caption = QR-код для <b>{ $name }</b>. Отсканируйте его в приложении, чтобы добавить подписку.
sub-renew-button = 🔄 Продлить
sub-traffic-button = ➕ Докупить трафик
sub-guide-button = 📚 Инструкция
sub-qr-button = 🔳 QR-код
renew-choose = Каким тарифом продлить <b>{ $name }</b>?
renew-policy-reset = После продления трафик начнётся заново с объёма тарифа.
renew-policy-stack = После продления оставшийся трафик сохранится.
renew-from = Новый период начнётся { $date }.
traffic-pack-choose = Выберите пакет трафика для <b>{ $name }</b>:
traffic-pack-button = { $traffic } · { $price }
traffic-pack-not-allowed = Докупить трафик можно только для активной подписки или подписки, у которой закончился трафик.

## Support

support-intro = Напишите свой вопрос и отправьте сюда; наша команда ответит в этом чате.
support-hours = Часы работы поддержки: { $hours }.
support-received = ✅ Ваше сообщение передано в поддержку (обращение <code>#{ $ticket }</code>). Мы ответим здесь.
support-closed = Обращение <code>#{ $ticket }</code> закрыто. Пишите снова в любое время.

## Help and app guides

help-intro = Выберите своё приложение — покажу короткую инструкцию. Одна и та же ссылка на подписку работает во всех.
help-import-link = Добавить одним нажатием: { $link }
help-app-v2rayng = <b>V2rayNG</b> (Android)
    1. Установите V2rayNG из Google Play или с GitHub.
    2. Скопируйте ссылку на подписку.
    3. Нажмите ☰ → «Группы подписок» → + , вставьте ссылку и сохраните.
    4. На главном экране нажмите ⋮ → «Обновить подписку», выберите сервер и нажмите ▶.
help-app-hiddify = <b>Hiddify</b> (Android, iOS, Windows, macOS, Linux)
    1. Установите Hiddify.
    2. Скопируйте ссылку на подписку.
    3. Нажмите «+ Новый профиль» → «Добавить из буфера обмена».
    4. Нажмите большую кнопку подключения.
help-app-v2box = <b>V2Box</b> (iOS, macOS)
    1. Установите V2Box из App Store.
    2. Скопируйте ссылку на подписку.
    3. Откройте вкладку Configs → + → «Add subscription», вставьте ссылку и сохраните.
    4. Выберите сервер и нажмите Connect.
help-app-streisand = <b>Streisand</b> (iOS, macOS)
    1. Установите Streisand из App Store.
    2. Скопируйте ссылку на подписку.
    3. Нажмите + → «Добавить из буфера обмена».
    4. Выберите сервер и включите переключатель.
help-app-shadowrocket = <b>Shadowrocket</b> (iOS, macOS)
    1. Установите Shadowrocket из App Store.
    2. Скопируйте ссылку на подписку.
    3. Откройте приложение: оно предложит добавить скопированную ссылку — нажмите «Добавить». Или нажмите + → Type: Subscribe и вставьте её.
    4. Выберите сервер и включите переключатель.
help-app-singbox = <b>sing-box</b> (Android, iOS, macOS)
    1. Установите sing-box (SFA, SFI или SFM).
    2. Скопируйте ссылку на подписку.
    3. Profiles → New profile → Type: Remote, вставьте ссылку в поле URL и создайте профиль.
    4. Dashboard → выберите профиль → Start.
help-app-nekobox = <b>NekoBox</b> (Android)
    1. Установите NekoBox for Android с GitHub.
    2. Скопируйте ссылку на подписку.
    3. Нажмите + вверху → «Импорт из буфера обмена» или «Группы» → + → «Подписка» и вставьте ссылку.
    4. Выберите сервер и нажмите кнопку подключения.

## Notifications to customers

notify-traffic-80 = ⚠️ Вы израсходовали 80% трафика подписки <b>{ $name }</b> ({ $used } из { $total }). Продлите её или докупите трафик, чтобы оставаться на связи.
notify-traffic-95 = ⚠️ У подписки <b>{ $name }</b> осталось всего 5% трафика (использовано { $used } из { $total }). Докупите трафик сейчас, чтобы связь не прервалась.
notify-expires-3d = ⏰ Подписка <b>{ $name }</b> истекает через 3 дня, { $date }. Продлите её сейчас, чтобы не потерять доступ.
notify-expires-1d = ⏰ Подписка <b>{ $name }</b> истекает завтра, { $date }. Продлите её сейчас, чтобы не потерять доступ.
notify-expired = ⌛ Подписка <b>{ $name }</b> истекла. Продлите её, чтобы снова подключиться; ссылка останется прежней.
notify-limited = ⛔ У подписки <b>{ $name }</b> закончился трафик. Докупите трафик или продлите подписку, чтобы снова подключиться.
notify-provisioned = ✅ Ваша подписка <b>{ $name }</b> готова!
    Трафик: { $total }
    Действует до: { $date }
    Ссылка на подписку (нажмите, чтобы скопировать):
    <code>{ $link }</code>
notify-traffic-added = ➕ К подписке <b>{ $name }</b> добавлено { $traffic }. Сейчас использовано { $used } из { $total }.
notify-renewed = 🔄 Подписка <b>{ $name }</b> продлена до { $date }. Трафик: { $total }.
notify-order-expired = ⌛ Заказ <code>#{ $order }</code> отменён: чек не пришёл в течение { $hours ->
        [one] { $hours } часа
       *[other] { $hours } часов
    }. Вы можете оформить заказ снова в любое время.
notify-receipt-rejected = ❌ Ваш чек по заказу <code>#{ $order }</code> не подтверждён.
    Причина: { $reason }
    Если это ошибка, напишите в поддержку.
notify-payment-approved = ✅ Оплата заказа <code>#{ $order }</code> подтверждена. Подписка настраивается…
notify-topup-approved = ✅ На кошелёк зачислено { $amount }. Новый баланс: <b>{ $balance }</b>.
notify-topup-rejected = ❌ Чек на пополнение кошелька не подтверждён.
notify-resent = <i>↻ Отправлено повторно: предыдущая копия этого сообщения, возможно, уже дошла до вас.</i>
    Причина: { $reason }
notify-support-reply = 💬 Ответ поддержки (обращение <code>#{ $ticket }</code>):
    { $text }

## Admin bot

admin-refusal = Этот бот только для администраторов.
admin-cancelled = Отменено.
admin-menu-title = 🛠 Панель администратора
admin-menu-receipts = 🧾 Чеки ({ $count })
admin-menu-servers = 🖥 Серверы
admin-menu-plans = 📦 Тарифы
admin-menu-users = 👤 Пользователи
admin-menu-codes = 🏷 Промокоды
admin-menu-broadcast = 📣 Рассылка
admin-menu-stats = 📊 Статистика
admin-menu-tickets = 💬 Обращения ({ $count })
admin-menu-settings = ⚙️ Настройки

admin-receipts-empty = Нет чеков на проверке. 🎉
admin-receipt-card = 🧾 Чек по заказу <code>#{ $order }</code>
    Клиент: { $customer } (<code>{ $customerId }</code>)
    За: { $what }
    Сумма: <b>{ $amount }</b>
    Отправлен: { $date }
admin-receipt-for-plan = тариф { $plan }
admin-receipt-for-topup = пополнение кошелька
admin-approve = ✅ Подтвердить
admin-reject = ❌ Отклонить
admin-reject-ask-reason = Отправьте причину отказа по заказу <code>#{ $order }</code>. Клиент её увидит.
admin-topup-ask-amount = Отправьте сумму в томанах, которую зачислить по заказу <code>#{ $order }</code> (в чеке указано { $amount }).
admin-approved-by = ✅ Подтвердил(а) { $admin }, { $date }.
admin-rejected-by = ❌ Отклонил(а) { $admin }, { $date }.
    Причина: { $reason }
admin-already-decided = Этот чек уже { $decision ->
        [approved] подтвердил(а)
       *[rejected] отклонил(а)
    } { $admin }, { $date }.

admin-servers-title = 🖥 Серверы:
admin-servers-empty = Серверов пока нет. Добавьте сервер, чтобы начать продажи.
admin-server-state = { $state ->
        [healthy] 🟢 Работает
        [degraded] 🟡 С перебоями
        [down] 🔴 Недоступен
        [draining] 🟠 Выводится
        [retired] ⚫ Выведен
       *[other] ⚪ Проверяется
    }
admin-server-line = { $state } <b>{ $name }</b> — клиентов { $clients }/{ $capacity } · { $latency } мс
admin-server-last-error = Последняя ошибка: { $error }
admin-server-add = ➕ Добавить сервер
admin-server-ask-name = Отправьте название сервера (например, de-1).
admin-server-ask-url = Отправьте адрес панели (например, https://panel.example.com:2095/app).
admin-server-ask-token = Отправьте токен API панели.
admin-server-ask-sub-url = Отправьте базовый адрес подписок или /skip, чтобы использовать адрес панели.
admin-server-ask-inbounds = Отправьте номера входящих (inbound) через запятую (например, 1,2).
admin-server-ask-capacity = Отправьте максимальное число клиентов или /skip — без ограничения.
admin-server-testing = Проверяю подключение…
admin-server-test-failed = ❌ Не удалось подключиться: { $error }
    Ничего не сохранено.
admin-server-saved = ✅ Сервер <b>{ $name }</b> сохранён (клиентов на панели: { $clients }).
admin-server-drain = 🟠 Вывести
admin-server-resume = ▶️ Вернуть
admin-server-retire = ⚫ Списать
admin-server-drained = Сервер <b>{ $name }</b> больше не принимает новых клиентов.
admin-server-resumed = Сервер <b>{ $name }</b> снова принимает новых клиентов.
admin-server-retired = Сервер <b>{ $name }</b> списан.

admin-plans-title = 📦 Тарифы:
admin-plans-empty = Тарифов пока нет.
admin-plan-line = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> — { $price } · { $traffic } · { $days } дн. · { $policy }
admin-plan-policy-reset = трафик сбрасывается при продлении
admin-plan-policy-stack = трафик переносится при продлении
admin-plan-add = ➕ Добавить тариф
admin-plan-edit = ✏️ Изменить
admin-plan-enable = 🟢 Включить
admin-plan-disable = ⚪ Отключить
admin-plan-delete = 🗑 Удалить
admin-plan-ask-name = Отправьте название тарифа.
admin-plan-ask-price = Отправьте цену в томанах.
admin-plan-ask-traffic = Отправьте объём трафика в ГБ (0 — безлимит).
admin-plan-ask-days = Отправьте срок в днях.
admin-plan-ask-policy = При продлении трафик сбрасывать или переносить?
admin-plan-ask-group = Отправьте группу серверов или /skip.
admin-plan-saved = ✅ Тариф <b>{ $name }</b> сохранён.
admin-plan-enabled = Тариф <b>{ $name }</b> в продаже.
admin-plan-disabled = Тариф <b>{ $name }</b> снят с продажи.
admin-plan-deleted = Тариф <b>{ $name }</b> удалён.

admin-users-ask = Отправьте Telegram ID или @username.
admin-user-not-found = Клиент по запросу { $query } не найден.
admin-user-card = 👤 <b>{ $name }</b> { $username } <code>{ $id }</code>
    С нами с: { $date }
    Баланс: { $balance }
    Подписок: { $subs } · Заказов: { $orders }
admin-user-banned-note = 🚫 Заблокирован
admin-user-ban = 🚫 Заблокировать
admin-user-unban = ✅ Разблокировать
admin-user-banned = Клиент <code>{ $id }</code> заблокирован.
admin-user-unbanned = Клиент <code>{ $id }</code> разблокирован.
admin-user-adjust = 💰 Изменить баланс
admin-user-adjust-ask = Отправьте сумму в томанах (со знаком минус — списать) и причину, например «-50000 возврат».
admin-user-adjusted = Баланс изменён на { $amount }. Новый баланс: <b>{ $balance }</b>.
admin-user-ledger-line = { $date } · { $amount } · { $reason }
admin-user-gift = 🎁 Подарить подписку
admin-user-gifted = 🎁 Подписка <b>{ $plan }</b> подарена клиенту <code>{ $id }</code>.
admin-user-agent-note = 🧑‍💼 Агент: скидка { $discount }% на все тарифы · тарифов со своей ценой: { $prices }
admin-user-make-agent = 🧑‍💼 Сделать агентом
admin-user-agent-edit = 🧑‍💼 Условия агента
admin-user-agent-remove = ✖️ Больше не агент
admin-user-agent-ask = Отправьте скидку агента на все тарифы в процентах (от 0 до 90). Чтобы задать некоторым тарифам свою цену для агента, добавьте по строке «PLAN_ID PRICE», например
    20
    3 120000
admin-user-agent-invalid = { $hint }. Отправьте скидку, затем по желанию строки «PLAN_ID PRICE».
admin-user-agent-saved = ✅ <code>{ $id }</code> теперь агент: скидка { $discount }% на все тарифы, тарифов со своей ценой: { $prices }.
admin-user-agent-removed = <code>{ $id }</code> больше не агент; его подписки остаются за ним.

admin-sub-resync = 🔄 Синхронизировать
admin-sub-revoke = 🚫 Отозвать
admin-sub-move = ↪️ Перенести на другой сервер
admin-sub-resynced = Подписка <code>{ $subscription }</code> синхронизирована с панелью.
admin-sub-revoked = Подписка <code>{ $subscription }</code> отозвана.
admin-sub-moved = Подписка <code>{ $subscription }</code> перенесена на <b>{ $server }</b>; ссылка клиента не изменилась.
admin-sub-retry = 🔁 Настроить заново
admin-sub-retried = Подписка <code>{ $subscription }</code> настраивается заново.
admin-sub-retry-not-failed = Подписка сейчас в состоянии { $state }, повторять нечего.

admin-codes-title = 🏷 Промокоды:
admin-codes-empty = Промокодов пока нет.
admin-code-line = <code>{ $code }</code> — { $value } · использован { $used }/{ $max } · до { $date }
admin-code-add = ➕ Добавить промокод
admin-code-ask = Отправьте: КОД percent|amount ЗНАЧЕНИЕ МАКС_ИСПОЛЬЗОВАНИЙ ДНЕЙ_ДЕЙСТВИЯ (например, «NOWRUZ percent 20 100 14»).
admin-code-invalid = Не соответствует формату. { $hint }
admin-code-problem-code = промокод — от 3 до 32 букв, цифр, - или _
admin-code-problem-percent-or-amount = укажите либо процент, либо сумму
admin-code-problem-percent = процент — от 1 до 100
admin-code-problem-amount = сумма — целое число туманов
admin-code-problem-max-uses = максимум использований — 0 (без ограничений) или больше
admin-code-problem-parts = нужно пять частей
admin-code-problem-kind = тип — percent или amount
admin-code-problem-numbers = ЗНАЧЕНИЕ, МАКС_ИСПОЛЬЗОВАНИЙ и ДНЕЙ_ДЕЙСТВИЯ — целые числа
admin-code-saved = ✅ Промокод <code>{ $code }</code> сохранён.
admin-code-deleted = Промокод <code>{ $code }</code> удалён.
admin-code-delete = 🗑 Удалить

admin-broadcast-ask-audience = Кому отправить рассылку?
admin-broadcast-all = 👥 Всем клиентам
admin-broadcast-active = ✅ Клиентам с активной подпиской
admin-broadcast-expired = ⌛ Клиентам с истёкшей подпиской
admin-broadcast-ask-text = Отправьте сообщение для рассылки.
admin-broadcast-confirm = Отправить это сообщение клиентам ({ $count })?
admin-broadcast-started = 📣 Рассылка запущена.
admin-broadcast-progress = 📣 Рассылка: доставлено { $delivered } · заблокировали { $blocked } · ошибок { $failed } · осталось { $remaining }
admin-broadcast-done = 📣 Рассылка завершена: доставлено { $delivered } · заблокировали { $blocked } · ошибок { $failed }.

admin-stats = 📊 Статистика
    Клиенты: { $customers } (+{ $newToday } сегодня)
    Активные подписки: { $active }
    Выручка сегодня: { $revenueToday }
    Выручка за 7 дней: { $revenue7d }
    Выручка за 30 дней: { $revenue30d }
    Чеки на проверке: { $pendingReceipts }
    Сбои настройки подписок: { $provisioningFailures }
admin-stats-server-line = { $name }: { $clients }/{ $capacity }
admin-stats-agents = 🧑‍💼 Агенты: { $agents } · куплено за 30 дней: заказов { $orders }, на { $amount }

admin-alert-new-receipt = 🧾 Новый чек по заказу <code>#{ $order }</code> от { $customer } — { $amount }.
admin-backup-caption = 🗄 Резервная копия базы, { $date }: заказов — { $orders }, подписок — { $subscriptions }.
    Открывается только с SECRET_KEY этой установки (или её файлом ключа). Восстановление: остановите subkeeper и выполните <code>subkeeper restore { $file }</code>
admin-alert-server-down = 🔴 Сервер <b>{ $name }</b> недоступен: { $error }
admin-alert-server-recovered = 🟢 Сервер <b>{ $name }</b> снова работает (простой: { $duration }).
admin-alert-provisioning-failed = ⚠️ Не удалось настроить подписку <code>{ $subscription }</code> клиента { $customer } (попыток: { $attempts }): { $error }
admin-alert-fulfil-failed = ⚠️ Заказ <code>#{ $order }</code> клиента { $customer } оплачен, но не выполнен: { $error }
admin-alert-drift = 🔍 Синхронизация нашла расхождения на <b>{ $name }</b>: { $details }
admin-alert-channel-unchecked = ⚠️ Бот для клиентов не может проверить подписку на { $channel }: { $error }
    Сделайте его администратором канала (или исправьте имя в /settings). До тех пор клиентов не просят подписываться на этот канал.
admin-alert-notice-undelivered = 📭 { $customer } (<code>{ $customerId }</code>) не получил(а) сообщение «{ $what }»{ $order }: { $reason }
    Подписки и ссылка клиента — в его карточке (/users) и в /subs у него самого.
admin-undelivered-order = , заказ <code>#{ $order }</code>
admin-notice-kind-provisioned = ваша подписка готова (ссылка и QR)
admin-notice-kind-renewed = ваша подписка продлена
admin-notice-kind-traffic-added = трафик добавлен
admin-notice-kind-payment-approved = оплата получена, подписка настраивается
admin-notice-kind-receipt-rejected = чек не принят
admin-notice-kind-order-expired = заказ истёк
admin-notice-kind-topup-approved = пополнение кошелька одобрено
admin-notice-kind-topup-rejected = пополнение кошелька отклонено
admin-notice-kind-support-reply = ответ поддержки

admin-tickets-title = 💬 Открытые обращения:
admin-tickets-empty = Открытых обращений нет.
admin-ticket-message = 💬 Обращение <code>#{ $ticket }</code> от { $customer } (<code>{ $customerId }</code>):
    { $text }
admin-ticket-reply = ↩️ Ответить
admin-ticket-close = ✔️ Закрыть
admin-ticket-reply-ask = Отправьте ответ на обращение <code>#{ $ticket }</code>.
admin-ticket-replied = ✅ Ответ отправлен.
admin-ticket-closed = Обращение <code>#{ $ticket }</code> закрыто.

## Admin bot (continued)

admin-help = Команды: /start меню · /receipts · /servers · /plans · /users · /codes · /broadcast · /stats · /tickets · /settings · /cancel
admin-command-start = Панель администратора
admin-command-receipts = Чеки, ждущие решения
admin-command-servers = Серверы и их состояние
admin-command-plans = Тарифы и пакеты трафика
admin-command-users = Найти клиента
admin-command-codes = Промокоды
admin-command-broadcast = Отправить рассылку
admin-command-stats = Статистика
admin-command-tickets = Открытые обращения
admin-command-settings = Настройки
admin-command-cancel = Отменить текущий ввод
admin-back = ⬅️ Назад
admin-page-previous = ◀️ Предыдущая
admin-page-next = Следующая ▶️
admin-page-of = { $page } из { $pages }
admin-cancel = ✖️ Отмена
admin-confirm-yes = ✅ Да, выполнить
admin-failed = ❌ { $error }
admin-not-a-number = Отправьте целое число, например { $example }.
admin-stale-button = Эта кнопка больше не работает; откройте меню заново командой /start.
admin-nothing-pending = Сейчас я ничего от вас не жду. Меню — /start.

admin-receipts-title = 🧾 Чеков на проверке: { $count }; сначала самые старые.
admin-receipt-photo-missing = (не удалось загрузить фото чека)
admin-receipt-for-renewal = продление { $plan }
admin-receipt-for-traffic = пакет трафика { $plan }
admin-decided-toast = Готово: { $decision ->
        [approved] подтверждено
       *[rejected] отклонено
    }.
admin-topup-amount-invalid = Сумма — целое число томанов больше 0.
admin-reason-invalid = Причина — от 1 до 500 символов.

admin-server-card = { $state } <b>{ $name }</b> (<code>{ $id }</code>)
    Панель: <code>{ $url }</code>
    Группа: { $group } · входящие { $inbounds }
    Клиенты: { $clients }/{ $capacity } · задержка { $latency } мс
admin-server-no-latency = —
admin-server-unlimited = ∞
admin-server-probe = 🔎 Проверить сейчас
admin-server-probing = Проверяю <b>{ $name }</b>…
admin-server-token-deleted = 🔒 Токен получен; сообщение с ним удалено из этого чата.
admin-server-pick-inbounds = Выберите входящие, к которым подключать новых клиентов, затем нажмите «Готово».
admin-server-inbound-button = { $picked ->
        [yes] ✅
       *[no] ▫️
    } { $id } · { $tag } ({ $protocol })
admin-server-inbounds-done = ✅ Готово
admin-server-inbounds-none = Выберите хотя бы один входящий.
admin-server-no-inbounds = На панели ещё нет входящих; создайте их на панели и добавьте сервер заново.
admin-server-ask-kind = Какая панель стоит на этом сервере?
admin-server-kind = { $kind ->
        [sui] S-UI
        [xui] 3x-ui
        [marzban] Marzban
        [pasarguard] PasarGuard
        [remnawave] Remnawave
       *[other] { $name }
    }
admin-server-ask-auth = Эта панель принимает токен API (3x-ui v3) или логин и пароль администратора. Что вы отправите?
admin-server-auth-token = 🔑 Токен API
admin-server-auth-login = 👤 Логин и пароль
admin-server-ask-username = Отправьте логин администратора панели.
admin-server-ask-password = Отправьте пароль этого администратора.
admin-server-password-deleted = 🔒 Пароль получен; сообщение с ним удалено из этого чата.
admin-server-connected = ✅ Подключено: { $kind } { $version }, клиентов на панели: { $clients }.
admin-server-use-buttons = Ответьте кнопками выше или отправьте /cancel.
admin-server-name-invalid = Имя сервера — от 1 до 64 символов. Отправьте другое.
admin-server-name-taken = Сервер с именем { $name } уже есть. Отправьте другое имя.
admin-server-url-invalid = Адрес панели должен быть полным адресом http(s) с веб-путём, например http://1.2.3.4:2095/app/. Отправьте его ещё раз.
admin-server-token-invalid = Токен API выглядит неверным: он пустой, с пробелами или слишком длинный. Отправьте его ещё раз.
admin-server-username-invalid = Логин — от 1 до 128 символов. Отправьте его ещё раз.
admin-server-password-invalid = Пароль пустой или слишком длинный. Отправьте его ещё раз.
admin-server-sub-url-invalid = Адрес подписок должен быть полным адресом http(s), например http://1.2.3.4:2096/sub/. Отправьте его ещё раз или /skip.
admin-server-pick-inbounds-optional = Выберите входящие (группы, сквады) для новых пользователей и нажмите «Готово»; если ничего не выбрать, панель применит свои настройки по умолчанию.
admin-server-retire-confirm = Списать <b>{ $name }</b> насовсем? За ним перестанут следить, и он не будет принимать клиентов.

admin-plan-card = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> (<code>{ $id }</code>)
    Цена: { $price }
    Трафик: { $traffic } · { $days } дн.
    Продление: { $policy }
    Группа серверов: { $group }
admin-plan-unlimited = безлимит
admin-plan-ask-field = Что вы хотите изменить?
admin-plan-field-name = Название
admin-plan-field-price = Цена
admin-plan-field-traffic = Трафик
admin-plan-field-days = Дни
admin-plan-field-policy = Продление
admin-plan-field-group = Группа серверов
admin-plan-policy-reset-button = 🔄 Сбрасывать
admin-plan-policy-stack-button = ➕ Переносить
admin-plan-kept = Тариф <b>{ $name }</b> уже продавался, поэтому он сохранён для истории и снят с продажи.
admin-plan-ask-kind = Что вы добавляете?
admin-plan-kind-subscription = 📅 Тариф подписки
admin-plan-kind-traffic = ➕ Пакет трафика
admin-pack-ask-traffic = Отправьте объём трафика, который добавляет пакет, в ГБ (больше 0).
admin-pack-line = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> — { $price } · ➕ { $traffic } (пакет трафика)
admin-pack-card = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> (<code>{ $id }</code>) — пакет трафика
    Цена: { $price }
    Добавляет { $traffic } к активной подписке или подписке без трафика

admin-code-enable = 🟢 Включить
admin-code-disable = ⚪ Отключить
admin-code-edit = ✏️ { $code }
admin-code-inactive = (отключён)
admin-code-value-percent = { $value }%
admin-code-no-limit = ∞
admin-code-no-end = бессрочно
admin-code-enabled = Промокод <code>{ $code }</code> можно использовать.
admin-code-disabled = Промокод <code>{ $code }</code> больше нельзя использовать.
admin-code-once-note = один раз на клиента
admin-code-many-note = многоразовый
admin-code-make-once = 👤 Один раз на клиента
admin-code-make-many = 🔁 Сделать многоразовым
admin-code-made-once = Каждый клиент может использовать промокод <code>{ $code }</code> один раз.
admin-code-made-many = Клиент может использовать промокод <code>{ $code }</code> повторно (в пределах лимита).

admin-user-username-none = —
admin-user-subs-title = 📄 Подписки:
admin-user-sub-line = { $state } <code>{ $id }</code> { $title } — { $used } из { $total } · до { $date }
admin-user-orders-title = 🧾 Последние заказы:
admin-user-order-line = <code>#{ $order }</code> { $kind } · { $amount } · { $state } · { $date }
admin-user-ledger-title = 💰 Операции по балансу:
admin-user-none = нет
admin-user-adjust-invalid = Отправьте сумму и причину, например «-50000 возврат»; сумма — целое число томанов, не 0.
admin-user-adjust-insufficient = Баланс не может стать меньше нуля: сейчас { $balance }.
admin-user-gift-ask = Выберите тариф для подарка.
admin-user-open-sub = 📄 { $id }

admin-sub-card = 📄 Подписка <code>{ $id }</code> клиента <code>{ $customer }</code>
    { $title } · { $state }
    Использовано { $used } из { $total } · до { $date }
    Сервер: { $server }
    Ссылка: <code>{ $link }</code>
admin-sub-move-ask = Выберите сервер, на который перенести подписку <code>{ $subscription }</code>.
admin-sub-move-none = Нет другого исправного сервера для переноса.
admin-sub-revoke-confirm = Отозвать подписку <code>{ $subscription }</code>? Клиент будет удалён с панели.

admin-settings = ⚙️ Настройки
    Карты:
    { $cards }
    Окно оплаты: { $window } ч
    Пробный период: { $trialVolume } на { $trialDays } дн.
    Реферальная доля: { $referral }%
    Часы поддержки: { $supportHours }
    Обязательные каналы: { $channels }
admin-settings-card-line = <code>{ $number }</code> — { $holder }
admin-settings-cards = 💳 Карты
admin-settings-window = ⏳ Окно оплаты
admin-settings-trial-volume = 🎁 Объём пробного периода
admin-settings-trial-days = 🎁 Дни пробного периода
admin-settings-referral = 🤝 Реферальная доля
admin-settings-hours = 🕘 Часы поддержки
admin-settings-ask-cards = Отправьте номера карт, по одной в строке: 16 цифр, затем имя владельца.
admin-settings-ask-window = Отправьте окно оплаты в часах (от 1 до 168).
admin-settings-ask-trial-volume = Отправьте объём пробного периода в ГБ.
admin-settings-ask-trial-days = Отправьте длительность пробного периода в днях (от 1 до 30).
admin-settings-ask-referral = Отправьте реферальную долю в процентах (от 0 до 50).
admin-settings-ask-hours = Отправьте часы поддержки так, как их должны видеть клиенты.
admin-settings-channels = 📢 Обязательные каналы
admin-settings-ask-channels = Отправьте публичные каналы, на которые клиент должен подписаться перед покупкой или пробным периодом, по одному в строке (например, @my_channel), или /skip — без каналов. Сделайте бота для клиентов (не этого) администратором каждого канала, иначе он не сможет проверить подписку.
admin-settings-saved = ✅ Настройки сохранены.

admin-broadcast-audience = { $label } ({ $count })
admin-broadcast-preview = 👁 Предпросмотр: клиенты получат сообщение выше.
admin-broadcast-preview-failed = Telegram не принял этот текст ({ $error }). Исправьте и отправьте снова.
admin-broadcast-send = ✅ Отправить
admin-broadcast-pause = ⏸ Пауза
admin-broadcast-resume = ▶️ Продолжить
admin-broadcast-stop = ⛔ Отменить рассылку
admin-broadcast-refresh = 🔄 Обновить
admin-broadcast-paused = ⏸ Рассылка на паузе: доставлено { $delivered } · заблокировали { $blocked } · ошибок { $failed } · осталось { $remaining }
admin-broadcast-cancelled = ⛔ Рассылка отменена: доставлено { $delivered } · заблокировали { $blocked } · ошибок { $failed }.
admin-broadcast-draft-dropped = Рассылка не отправлена.
admin-alert-broadcast-stalled = ⚠️ Рассылка <code>#{ $id }</code> приостановлена: { $error }
    Продолжите её через /broadcast, когда Telegram снова начнёт отвечать.
admin-broadcasts-running = Рассылки, которые ещё идут или стоят на паузе:

admin-ticket-line = <code>#{ $ticket }</code> · { $customer } (<code>{ $customerId }</code>) · { $date }
    { $text }
admin-ticket-open = 💬 #{ $ticket }
admin-ticket-not-open = Обращение <code>#{ $ticket }</code> закрыто.

admin-duration-minutes = { $minutes } мин
admin-duration-hours = { $hours } ч { $minutes } мин
admin-drift-details = Клиентов на панели, о которых subkeeper не знает: { $count }: { $names }

## Консоль оператора (веб-страницы по адресу /console): простой текст, страница сама его экранирует.
console-language-name = Русский
console-nav-overview = Обзор
console-nav-receipts = Чеки
console-nav-customers = Клиенты
console-nav-servers = Серверы
console-nav-plans = Тарифы
console-nav-codes = Промокоды
console-nav-broadcasts = Рассылки
console-nav-settings = Настройки
console-logout = Выйти
console-login-title = Вход в консоль
console-login-token = Токен оператора
console-login-submit = Войти
console-login-off = Консоль выключена: на этом сервере не задан OPERATOR_TOKEN.
console-login-wrong = Этот токен неверен.
console-login-throttled = С этого адреса слишком много неверных токенов. Попробуйте снова через { $minutes } мин.
console-csrf-refused = Изменение отклонено: форма отправлена не со страницы этой консоли (её защитный код отсутствует или устарел). Обновите страницу и попробуйте снова.
console-failed = У нас что-то пошло не так; подробности в журнале.
console-error-title = Не выполнено
console-not-found = Такой страницы в консоли нет.
console-back = Назад к обзору
console-state = Состояние
console-updated-at = Обновлено
console-ms = { $ms } мс
console-page-first = Первая страница
console-page-next = Следующая страница
console-overview-receipts = Чеки ждут решения
console-overview-active = Активные подписки
console-overview-failures = Сбои создания подписок
console-overview-customers = Клиенты
console-overview-revenue-30d = Выручка за 30 дней
console-overview-servers = Серверы
console-overview-revenue-chart = Выручка по дням за последние 30 дней
console-revenue-chart = Выручка по дням за последние 30 дней; самый высокий столбец — { $max }
console-servers-none = Серверов пока нет.
console-servers-add = Добавить сервер
console-server-name = Сервер
console-server-latency = Задержка
console-server-clients = Клиенты
console-server-last-error = Последняя ошибка
console-receipts-empty = Чеков, ждущих решения, нет.
console-receipt-order = Заказ №{ $number }
console-receipt-photo = Фото чека
console-receipt-photo-missing = Не удалось загрузить фото чека.
console-receipt-for-topup = Пополнение кошелька
console-receipt-for-plan = Подписка: { $plan }
console-receipt-for-renewal = Продление: { $plan }
console-receipt-for-traffic = Пакет трафика: { $plan }
console-receipt-received = Полученная сумма (туманов)
console-receipt-approve = Одобрить
console-receipt-reject = Отклонить
console-receipt-reason = Причина, которую прочтёт клиент
console-receipt-reason-invalid = Для отказа нужна причина (до 500 символов).
console-receipt-amount-invalid = Полученная сумма — целое положительное число туманов.
console-receipt-unknown = Такого заказа нет.
console-receipt-already-decided = Этот чек уже { $decision ->
        [approved] одобрен
       *[rejected] отклонён
    }: { $by }, { $date }.
console-receipt-not-waiting = Этот заказ больше не ждёт решения (его состояние: { $state }).
console-note-approved = Одобрено. Клиент получит уведомление, заказ выполняется.
console-note-rejected = Отклонено. Клиенту сообщат причину.
console-state-healthy = в порядке
console-state-degraded = с перебоями
console-state-down = недоступен
console-state-probing = проверяется
console-state-draining = выводится
console-state-retired = выведен из работы
console-state-active = активна
console-state-limited = ограничена
console-state-expired = истекла
console-state-suspended = приостановлена
console-state-provisioning = создаётся
console-state-provision-failed = не создана
console-state-revoked = отозвана

## Payments: Telegram Stars
command-paysupport = Помощь с оплатой
payment-stars = ⭐ Telegram Stars ({ $stars } звёзд)
stars-invoice-title-fallback = Подписка
stars-invoice-description = Заказ #{ $order }, оплата в Telegram Stars.
stars-invoice-intro = Заказ <code>#{ $order }</code> создан. Оплатите счёт ниже звёздами Telegram.
stars-checkout-expired = Время оплаты этого заказа истекло. Пожалуйста, оформите новый заказ.
stars-checkout-price-changed = Цена этого заказа изменилась. Пожалуйста, оформите новый заказ.
stars-checkout-not-payable = Этот заказ уже нельзя оплатить. Пожалуйста, оформите новый заказ.
stars-payment-received = ⭐ Получено { $stars } звёзд за заказ <code>#{ $order }</code>. Подписка настраивается…
stars-payment-unmatched = Ваши звёзды пришли, но заказ <code>#{ $order }</code> уже не может их принять. Администратор вернёт их; если есть вопросы, напишите через /support.
paysupport = 💳 <b>Помощь с оплатой</b>
    Напишите вопрос через /support и укажите номер заказа; администратор ответит в этом чате. Оплатили звёздами Telegram, а подписку не получили? Если её нельзя выдать, звёзды возвращаются на ваш баланс.
notify-order-refunded = ↩️ Оплата заказа <code>#{ $order }</code> возвращена на ваш баланс Telegram Stars, подписка по нему отозвана.
admin-order-refund-button = ↩️ Вернуть звёзды
admin-order-refund-started = ↩️ Возвращаем оплату заказа <code>#{ $order }</code>…
admin-order-refund-not-possible = Заказ <code>#{ $order }</code> нельзя вернуть (только выданный заказ, оплаченный звёздами).
admin-order-refund-already = Заказ <code>#{ $order }</code> уже возвращён или возвращается.
admin-alert-payment-unmatched = ⚠️ Оплата через { $method } на { $amount } пришла за заказ <code>#{ $order }</code>, который не может её принять. Верните её вручную.
admin-alert-refund-failed = ⚠️ Не удалось вернуть оплату заказа <code>#{ $order }</code>: { $error }
admin-order-card = 🧾 <b>Заказ <code>#{ $order }</code></b>
    Клиент: { $customer } (<code>{ $customerId }</code>)
    { $kind }, оплата через { $method }: { $amount } (звёзды: { $stars })
    Состояние: { $state } · срок оплаты до { $date }
admin-order-not-found = Заказ «{ $query }» не найден. Отправьте /order и номер заказа.
admin-plan-field-stars = ⭐ Цена в звёздах
admin-plan-ask-stars = Отправьте цену в Telegram Stars (целое число) или 0, чтобы больше не продавать за звёзды.
admin-plan-problem-name = название — от 1 до 64 символов
admin-plan-problem-price = цена — целое число туманов
admin-plan-problem-stars = Stars — целое число от 1 до 100000, или 0, чтобы не продавать за Stars
admin-plan-problem-traffic = трафик — число ГБ, 0 — безлимит
admin-plan-problem-days = срок — от 0 до 3650 дней
admin-plan-problem-days-whole = срок — целое число дней
admin-plan-problem-policy = при продлении трафик сбрасывается или переносится
admin-plan-problem-policy-buttons = выберите кнопкой: сбрасывать или переносить
admin-plan-problem-kind = тип — тариф подписки или пакет трафика
admin-plan-problem-group = группа серверов — от 1 до 32 букв, цифр, - или _
admin-plan-problem-lasts = тариф подписки длится хотя бы один день
admin-plan-problem-pack-traffic = пакет трафика должен что-то добавлять: больше 0 ГБ
admin-plan-stars = ⭐ Продаётся также за { $stars } Telegram Stars.

## Payments: crypto (NOWPayments)
payment-crypto = 🪙 Криптовалюта (USDT…), { $usd } USD
crypto-invoice = Заказ <code>#{ $order }</code>: оплатите { $usd } USD криптовалютой на странице оплаты ниже. Подписка будет настроена, как только платёж подтвердится.
crypto-invoice-button = 🪙 Оплатить криптовалютой
crypto-invoice-pending = Заказ <code>#{ $order }</code>: страница оплаты ещё не готова. Отмените его и попробуйте снова через несколько минут.
crypto-unavailable = Оплата криптовалютой сейчас недоступна. Пожалуйста, выберите другой способ.
crypto-done-page = Спасибо! Ваш платёж подтверждается. Вернитесь в бот: подписка придёт туда.
admin-alert-payment-partial = ⚠️ Заказ <code>#{ $order }</code> клиента { $customer } оплачен лишь частично: { $paid } из { $expected } (платёж { $payment }). Ничего не выдано.
admin-settings-usd = 🪙 Туманов за доллар
admin-settings-ask-usd = Отправьте, сколько туманов стоит один доллар США, для цен в криптовалюте (0 отключает криптовалюту).
admin-settings-renew = 🔁 Дни автопродления
admin-settings-ask-renew = Отправьте, за сколько дней до окончания автопродление списывает с кошелька (от 1 до 7).
admin-settings-payments = 🪙 Криптовалюта: { $usd } туманов за доллар · 🔁 автопродление за { $days } дн. до окончания

console-none = Пока ничего нет.
console-yes = да
console-no = нет
console-on = включён
console-off = выключен
console-save = Сохранить
console-search = Найти
console-delete = Удалить
console-hidden = скрыт
console-on-sale = в продаже
console-unlimited = Без ограничений
console-quarantined = Этот актор в карантине и не принимает событий: { $reason }
console-note-event-sent = Готово. Что произошло — в журнале ниже.
console-note-server-added = Сервер добавлен: он проверен на живой панели и теперь под наблюдением.
console-note-server-drain = Вывод: новые клиенты на этот сервер не попадут.
console-note-server-resume = Возобновлено: новые клиенты снова могут попадать на этот сервер.
console-note-server-retire = Выведен из работы: больше никаких проверок, синхронизаций и новых клиентов.
console-note-saved = Сохранено.
console-note-deleted = Удалено.
console-note-hidden = Его уже покупали, поэтому он скрыт, а не удалён.
console-note-broadcast-drafted = Черновик сохранён. Ничего не отправится, пока вы не нажмёте «Отправить».
console-note-broadcast-sending = Идёт отправка. Счётчики ниже меняются по ходу.
console-note-banned = Заблокирован. Его подписки приостановлены.
console-note-unbanned = Разблокирован. Его подписки возобновлены.
console-note-adjusted = Баланс изменён.
console-customers-search = Telegram ID или @username
console-customers-not-found = Ни один клиент не подходит под «{ $query }».
console-customer-id = Telegram ID
console-customer-username = Имя пользователя
console-customer-name = Имя
console-customer-since = С
console-customer-banned = заблокирован
console-customer-banned-note = Этот клиент заблокирован: боты ему отказывают, его подписки приостановлены.
console-customer-unknown = Такого клиента нет.
console-customer-title = Клиент { $name }
console-customer-balance = Баланс
console-customer-ban = Заблокировать
console-customer-unban = Разблокировать
console-customer-ban-confirm = Заблокировать этого клиента и приостановить его подписки?
console-customer-adjust = Изменить баланс
console-customer-adjust-amount = Сумма в туманах (со знаком минус, чтобы списать)
console-customer-adjust-reason = Причина (сохраняется в журнале аудита)
console-customer-adjust-submit = Изменить
console-customer-adjust-invalid = Укажите целую ненулевую сумму в туманах и причину до 200 символов.
console-customer-adjust-insufficient = Баланс ушёл бы ниже нуля; сейчас он { $balance }.
console-customer-subscriptions = Подписки
console-customer-orders = Заказы
console-customer-ledger = Движение средств
console-order-kind = Тип
console-order-amount = Сумма
console-order-method = Оплата
console-order-created = Создан
console-ledger-at = Когда
console-ledger-amount = Сумма
console-ledger-reason = Причина
console-ledger-ref = Основание
console-sub-title = Подписка №{ $id } · { $title }
console-sub-unknown = Такой подписки нет.
console-sub-customer = Клиент { $id }
console-sub-plan = Тариф
console-sub-used = Использовано
console-sub-expires = Истекает
console-sub-usage = Использовано { $used } из { $total } ({ $percent }%)
console-sub-usage-unlimited = Использовано { $used }, без ограничения трафика
console-sub-usage-label = Использованный трафик
console-sub-days-left = { $days ->
        [one] Остался { $days } день
        [few] Осталось { $days } дня
       *[many] Осталось { $days } дней
    } (до { $date })
console-sub-no-expiry = Без даты окончания.
console-sub-server = Сервер
console-sub-move-to = Перенести на сервер
console-sub-revoke-confirm = Отозвать эту подписку? Клиент на панели будет удалён, ссылка перестанет работать.
console-sub-timers = Ожидающие таймеры
console-timer-key = Таймер
console-timer-due = Срок
console-timer-event = Событие
console-journal = Журнал
console-journal-at = Когда
console-journal-event = Событие
console-journal-change = Состояние
console-event-retry = Создать снова
console-event-resync = Обновить расход
console-event-revoke = Отозвать
console-event-suspend = Приостановить
console-event-unsuspend = Возобновить
console-event-move = Перенести
console-server-kind = Тип панели
console-server-panel-url = Адрес панели (с её веб-путём)
console-server-credentials-hint = Укажите API-токен панели или логин и пароль её администратора — смотря как входит панель этого типа.
console-server-token = API-токен
console-server-username = Логин администратора
console-server-password = Пароль администратора
console-server-sub-url = Адрес подписок (пусто — по умолчанию панели)
console-server-inbounds = ID инбаундов, групп или сквадов (через запятую)
console-server-capacity = Вместимость (0 — без ограничения)
console-server-group = Группа
console-server-last-sync = Последняя синхронизация
console-server-drain = Вывести
console-server-resume = Вернуть
console-server-retire = Списать
console-server-retire-confirm = Навсегда вывести этот сервер из работы? Проверок, синхронизаций и клиентов больше не будет.
console-server-capacity-invalid = Вместимость — целое число, 0 — без ограничения.
console-plan-name = Название
console-plan-kind = Тип
console-plan-kind-subscription = Подписка
console-plan-kind-traffic = Пакет трафика
console-plan-price = Цена (туманов)
console-plan-traffic = Трафик
console-plan-traffic-gb = Трафик в ГБ (0 — без ограничения)
console-plan-days = Дней
console-plan-policy = При продлении
console-plan-add = Добавить тариф
console-plan-hide = Скрыть
console-plan-show = Вернуть в продажу
console-plan-delete-confirm = Удалить этот тариф? Если его покупали, он будет скрыт.
console-code = Код
console-code-discount = Скидка
console-code-uses = Использован
console-code-once = Один раз на клиента
console-code-until = Действует до
console-code-add = Добавить или изменить код
console-code-percent = Скидка в процентах (или пусто)
console-code-amount = Скидка в туманах (или пусто)
console-code-max-uses = Максимум использований (0 — без ограничения)
console-code-valid-days = Действует дней (пусто — бессрочно)
console-code-on = Включить
console-code-off = Выключить
console-code-delete-confirm = Удалить этот код? Если им пользовались, он будет выключен.
console-setting-payment-window-hours = Срок оплаты (часов)
console-setting-trial-days = Пробный период (дней)
console-setting-trial-gb = Пробный трафик (ГБ)
console-setting-referral-percent = Доля за приглашение (процентов)
console-setting-topup-min = Минимальное пополнение (туманов)
console-setting-topup-max = Максимальное пополнение (туманов)
console-setting-support-hours = Часы поддержки
console-setting-cards = Карты для перевода (по одной в строке: номер, затем владелец)
console-setting-invalid = «{ $setting }» указано неверно.
console-broadcast-new = Новая рассылка
console-broadcast-audience = Получатели
console-broadcast-audience-invalid = Выберите получателей.
console-broadcast-text = Сообщение
console-broadcast-draft = Сохранить черновик
console-broadcast-progress = Ход
console-broadcast-title = Рассылка №{ $id }
console-broadcast-delivered = доставлено
console-broadcast-blocked = заблокировали
console-broadcast-failed = не удалось
console-broadcast-remaining = осталось
console-broadcast-confirm = Отправить
console-broadcast-pause = Пауза
console-broadcast-resume = Продолжить
console-broadcast-cancel = Отменить
console-audience-all = Все
console-audience-active = Клиенты с активной подпиской
console-audience-expired = Клиенты, чья подписка закончилась
console-state-awaiting-payment = ждёт оплаты
console-state-receipt-submitted = чек ждёт решения
console-state-paid = оплачен
console-state-fulfilling = выполняется
console-state-fulfilled = выполнен
console-state-rejected = отклонён
console-state-cancelled = отменён
console-state-draft = черновик
console-state-sending = отправляется
console-state-paused = на паузе
console-state-done = завершена
console-state-moving = переносится
console-state-revoking = отзывается
console-signed-out = Сеанс в консоли закончился (или не начинался), поэтому ничего не изменено. Войдите и попробуйте снова.
## Auto-renew from the wallet
sub-autorenew-on-button = 🔁 Автопродление: вкл.
sub-autorenew-off-button = 🔁 Автопродление: выкл.
sub-autorenew-now-on = 🔁 Автопродление для <b>{ $name }</b> включено: за { $days } дн. до окончания подписка продлится из кошелька, если на балансе хватит денег.
sub-autorenew-now-off = Автопродление для <b>{ $name }</b> выключено.
notify-auto-renewed = 🔁 <b>{ $name }</b> продлена автоматически: { $amount } списано с кошелька (заказ <code>#{ $order }</code>). Баланс: { $balance }.
notify-auto-renew-low-balance = 🔁 <b>{ $name }</b> заканчивается { $date }. Для автопродления нужно { $amount }, а в кошельке { $balance }: пополните на { $missing }, чтобы подписка продолжала работать.
admin-receipt-duplicate = ⚠️ Это же фото уже присылали как чек заказа <code>#{ $order }</code>.
console-setting-toman-per-usd = Туманов за доллар США (цены в криптовалюте; 0 выключает криптовалюту)
console-setting-auto-renew-days-before = Автопродление за столько дней до окончания
console-setting-required-channels = Каналы, на которые клиент должен подписаться (@имя через пробел; пусто — никаких)

## Money messages
notify-gift-received = 🎁 Вам подарок: <b>{ $name }</b>. Он уже настраивается.
notify-balance-adjusted = 👛 Администратор изменил баланс вашего кошелька на { $amount }. Новый баланс: <b>{ $balance }</b>.
notify-ticket-closed = ✅ Служба поддержки закрыла ваше обращение <code>#{ $ticket }</code>. Если нужно что-то ещё, напишите через /support.
notify-referral-credited = 🤝 Приглашённый вами друг сделал покупку: { $amount } зачислено на кошелёк. Баланс: <b>{ $balance }</b>.
admin-settings-refrule = 🤝 Правило рефералов
admin-settings-ask-refrule = Отправьте 1, чтобы начислять за первую покупку друга, или 2 — за каждую покупку.
admin-settings-refrule-line = 🤝 Реферальное начисление: { $rule }
admin-settings-refrule-first = только первая покупка
admin-settings-refrule-every = каждая покупка
console-plan-stars = Цена в Telegram Stars (пусто — не продаётся за Stars)
