# subkeeper — فارسی (زبان پیش‌فرض). پیام‌ها HTML تلگرام هستند (t() آرگومان‌ها را escape می‌کند؛ شناسه‌ها و لینک‌ها در <code>)؛
# برچسب دکمه‌ها، پیام‌های کوتاه و توضیح دستورها متن ساده‌اند (tPlain())، پس تگ و entity در آن‌ها ننویسید.
# عددهایی که به صورت number داده شوند با رقم فارسی و جداکننده نوشته می‌شوند؛ شناسه، شمارهٔ سفارش و کد را به صورت رشته بدهید.
# کلیدها و متغیرهای هر پیام باید با en.ftl یکی باشند (test/bots/locales.test.ts بررسی می‌کند).

## Shared words and formats

language-name = فارسی
price-toman = { $amount } تومان
bytes-gb = { $n } گیگابایت
bytes-mb = { $n } مگابایت
traffic-unlimited = نامحدود
days-count = { $days } روز
button-back = » بازگشت
button-cancel = انصراف
button-confirm = ✅ تأیید
button-main-menu = 🏠 منوی اصلی

## Errors and refusals

error-generic = مشکلی پیش آمد. لطفاً چند لحظهٔ دیگر دوباره تلاش کنید.
error-rate-limited = کمی آهسته‌تر لطفاً! چند ثانیه صبر کنید و دوباره تلاش کنید.
error-button-expired = این دکمه دیگر معتبر نیست. با /start منو را دوباره باز کنید.
error-unknown-command = این دستور را نمی‌شناسم. برای دیدن راهنما /help را بفرستید.
error-expected-photo = لطفاً رسید را به صورت عکس بفرستید (نه فایل یا متن).
error-bad-input = این ورودی درست به نظر نمی‌رسد. { $hint }
error-too-long = پیام خیلی طولانی است. لطفاً کمتر از { $max } نویسه بنویسید.
banned = حساب شما مسدود شده است. اگر فکر می‌کنید اشتباهی رخ داده، با پشتیبانی تماس بگیرید.

## Start and the main menu

start-welcome = سلام { $name }! 👋
    به <b>{ $shop }</b> خوش آمدید. اشتراک VPN سریع و پایدار، سازگار با همهٔ برنامه‌های رایج.
start-referred = شما با دعوت یکی از دوستانتان به ما پیوستید. خوش آمدید!
menu-title = چه کاری می‌خواهید انجام دهید؟
menu-plans = 🛒 خرید اشتراک
menu-subscriptions = 📋 اشتراک‌های من
menu-wallet = 💰 کیف پول
menu-trial = 🎁 اشتراک آزمایشی رایگان
menu-support = 💬 پشتیبانی
menu-help = 📚 برنامه‌ها و راهنما
menu-language = 🌐 زبان / Language
menu-referral = 🤝 دعوت از دوستان
menu-agent = 🧑‍💼 پنل نمایندگی
agent-not-agent = این بخش برای نمایندگان فروشگاه است. اگر می‌خواهید نماینده شوید، به پشتیبانی پیام دهید.
agent-panel = 🧑‍💼 <b>پنل نمایندگی</b>
    کیف پول: <b>{ $balance }</b>
    پلنی را انتخاب کنید تا برای مشتری‌هایتان با قیمت نمایندگی اشتراک بخرید؛ مبلغ از کیف پول کم می‌شود.
agent-ask-names = خرید <b>{ $plan }</b> هر کدام <b>{ $price }</b>. نام مشتری‌هایتان را هر کدام در یک خط بفرستید (حداکثر { $max }). هر اشتراک با نام خودش شناخته می‌شود.
agent-names-invalid = ۱ تا { $max } نام بفرستید، هر کدام در یک خط و حداکثر { $length } نویسه.
agent-confirm = خرید { $count } اشتراک <b>{ $plan }</b> برای:
    { $names }
    جمع: <b>{ $total }</b> از کیف پول (موجودی: { $balance }).
agent-confirm-button = ✅ خرید و پرداخت از کیف پول
agent-insufficient = موجودی کیف پول ({ $balance }) برای { $total } کافی نیست. اول { $missing } شارژ کنید.
agent-bought = ✅ { $count } اشتراک خریده شد: { $names }.
    لینک هر کدام به محض آماده شدن همین‌جا می‌رسد؛ همه در «اشتراک‌های من» هستند و از همان‌جا تمدید می‌شوند.
agent-failed-line = ⚠️ برای { $name } خریده نشد: { $reason }
referral-info = لینک دعوت خود را با دوستانتان به اشتراک بگذارید. { $share }٪ از هر خرید آن‌ها به کیف پول شما واریز می‌شود.
    <code>{ $link }</code>
referral-info-first = لینک دعوت خود را با دوستانتان به اشتراک بگذارید. { $share }٪ از نخستین خرید هر دوست به کیف پول شما واریز می‌شود.
    <code>{ $link }</code>

## Commands (setMyCommands)

command-start = منوی اصلی
command-plans = پلن‌ها و قیمت‌ها
command-subs = اشتراک‌های من
command-wallet = موجودی و شارژ کیف پول
command-trial = اشتراک آزمایشی رایگان
command-support = تماس با پشتیبانی
command-lang = تغییر زبان
command-help = برنامه‌ها و راهنمای اتصال

## Language

language-choose = زبان خود را انتخاب کنید:
language-changed = انجام شد — از این به بعد فارسی صحبت می‌کنم.

## Plans

plans-title = یک پلن انتخاب کنید:
plans-empty = در حال حاضر پلنی برای فروش نیست. لطفاً بعداً سر بزنید.
plans-group = 📍 { $group }
plan-button = { $name } · { $price }
plan-details = <b>{ $name }</b>
    حجم: { $traffic }
    مدت: { $days } روز
    قیمت: <b>{ $price }</b>

## Buying: discount code, payment method, order

buy-summary = شما در حال خرید <b>{ $plan }</b> به مبلغ <b>{ $price }</b> هستید.
buy-discount-ask = کد تخفیف دارید؟ همین حالا بفرستید، یا «کد ندارم» را بزنید.
buy-discount-button = 🏷 کد تخفیف دارم
buy-discount-skip = کد ندارم
discount-applied = کد <code>{ $code }</code> اعمال شد: { $discount } تخفیف. مبلغ جدید: <b>{ $price }</b>.
discount-invalid = کد <code>{ $code }</code> معتبر نیست.
discount-expired = مهلت استفاده از کد <code>{ $code }</code> تمام شده است.
discount-used-up = ظرفیت استفاده از کد <code>{ $code }</code> تکمیل شده است.
discount-already-used = شما قبلاً از کد <code>{ $code }</code> استفاده کرده‌اید.
discount-lost-full-price = همچنان می‌توانید با قیمت کامل بخرید: <b>{ $price }</b>.
payment-choose = مبلغ <b>{ $price }</b> را چطور پرداخت می‌کنید؟
payment-card = 💳 کارت به کارت
payment-wallet = 👛 از کیف پول (موجودی: { $balance })
payment-wallet-insufficient = موجودی کیف پول شما ({ $balance }) کافی نیست. { $missing } شارژ کنید یا کارت به کارت بپردازید.
payment-wallet-paid = ✅ مبلغ { $price } برای سفارش <code>#{ $order }</code> از کیف پول شما پرداخت شد. اشتراک شما در حال آماده‌سازی است…
order-created = سفارش <code>#{ $order }</code> ثبت شد.
order-already-pending = یک سفارش در انتظار پرداخت دارید: <code>#{ $order }</code>.
card-instructions = برای پرداخت سفارش <code>#{ $order }</code>، دقیقاً مبلغ <b>{ $amount }</b> را به یکی از این کارت‌ها واریز کنید:
    { $cards }
    سپس عکس رسید را ظرف { $hours } ساعت همین‌جا بفرستید. واریز با مبلغ متفاوت قابل تطبیق نیست.
card-line = <code>{ $number }</code> — { $holder }
receipt-received = 📥 رسید سفارش <code>#{ $order }</code> دریافت شد.
receipt-waiting = ⏳ رسید شما در انتظار تأیید است. به محض بررسی، همین‌جا به شما خبر می‌دهیم.
receipt-already-waiting = ⏳ رسید سفارش <code>#{ $order }</code> از قبل در انتظار تأیید است و این عکس اضافه نشد. به محض بررسی، همین‌جا پیام می‌گیرید. اگر عکس اشتباهی فرستاده‌اید، به پشتیبانی پیام دهید.
receipt-not-expected = الان منتظر رسیدی نیستم. برای پرداخت، ابتدا یک پلن انتخاب کنید.
join-required = 📢 برای خرید یا اشتراک آزمایشی، لطفاً اول عضو { $channels } شوید و بعد «عضو شدم» را بزنید.
join-button = 📢 عضویت در { $channel }
join-done-button = ✅ عضو شدم
join-thanks = ✅ ممنون از عضویت شما! اکنون پلن‌ها و اشتراک آزمایشی در دسترس شماست.
join-still-missing = هنوز عضو { $channels } نشده‌اید. عضو شوید و دوباره «عضو شدم» را بزنید.

## Wallet

wallet-balance = 💰 موجودی کیف پول شما: <b>{ $balance }</b>
wallet-topup-button = ➕ شارژ کیف پول
wallet-topup-ask = چه مبلغی می‌خواهید شارژ کنید؟ مبلغ را به تومان بفرستید (حداقل { $min }).
wallet-topup-invalid-amount = لطفاً یک عدد صحیح به تومان بفرستید؛ حداقل { $min }.
wallet-topup-instructions = برای شارژ کیف پول، دقیقاً مبلغ <b>{ $amount }</b> را به یکی از این کارت‌ها واریز کنید:
    { $cards }
    سپس عکس رسید را ظرف { $hours } ساعت همین‌جا بفرستید.

## Free trial

trial-granted = 🎁 اشتراک آزمایشی شما آماده است: { $traffic } برای { $days } روز.
    لینک اشتراک (برای کپی لمس کنید):
    <code>{ $link }</code>
trial-already-used = شما قبلاً از اشتراک آزمایشی استفاده کرده‌اید. برای ادامه، پلن‌ها را ببینید.
trial-unavailable = اشتراک آزمایشی در حال حاضر در دسترس نیست.

## My subscriptions

subs-title = اشتراک‌های شما:
subs-empty = هنوز اشتراکی ندارید. برای خرید، «خرید اشتراک» را بزنید.
sub-state-provisioning = ⏳ در حال آماده‌سازی
sub-state-active = ✅ فعال
sub-state-limited = ⛔ حجم تمام شده
sub-state-expired = ⌛ منقضی شده
sub-state-revoked = 🚫 لغو شده
sub-state-failed = ⚠️ آماده‌سازی با تأخیر — در حال پیگیری هستیم
sub-title = <b>{ $name }</b> — { $state }
sub-usage = مصرف: { $used } از { $total } ({ $percent }٪)
    { $bar }
sub-usage-unlimited = مصرف: { $used } (نامحدود)
sub-days-left = { $days ->
        [0] امروز منقضی می‌شود ({ $date })
       *[other] { $days } روز باقی مانده (تا { $date })
    }
sub-expired-on = در { $date } منقضی شد
sub-link = لینک اشتراک (برای کپی لمس کنید):
    <code>{ $link }</code>
sub-qr-caption = کد QR اشتراک <b>{ $name }</b>. آن را در برنامهٔ خود اسکن کنید تا اشتراک اضافه شود.
sub-renew-button = 🔄 تمدید
sub-traffic-button = ➕ خرید حجم اضافه
sub-guide-button = 📚 راهنمای برنامه
sub-qr-button = 🔳 کد QR
renew-choose = <b>{ $name }</b> را با کدام پلن تمدید می‌کنید؟
renew-policy-reset = پس از تمدید، حجم از مقدار پلن دوباره شروع می‌شود.
renew-policy-stack = پس از تمدید، حجم باقی‌ماندهٔ شما منتقل می‌شود.
renew-from = دورهٔ جدید از { $date } شروع می‌شود.
traffic-pack-choose = یک بستهٔ حجم برای <b>{ $name }</b> انتخاب کنید:
traffic-pack-button = { $traffic } · { $price }
traffic-pack-not-allowed = حجم اضافه فقط برای اشتراک فعال یا اشتراکی که حجمش تمام شده قابل خرید است.

## Support

support-intro = سؤال خود را بنویسید و همین‌جا بفرستید؛ تیم ما در همین گفتگو پاسخ می‌دهد.
support-hours = ساعات پاسخگویی: { $hours }.
support-received = ✅ پیام شما به پشتیبانی رسید (تیکت <code>#{ $ticket }</code>). پاسخ را همین‌جا دریافت می‌کنید.
support-closed = تیکت <code>#{ $ticket }</code> بسته شد. هر وقت خواستید دوباره بنویسید.

## Help and app guides

help-intro = برنامهٔ خود را انتخاب کنید تا راهنمای کوتاه اتصال را ببینید. یک لینک اشتراک در همهٔ این برنامه‌ها کار می‌کند.
help-import-link = افزودن با یک لمس: { $link }
help-app-v2rayng = <b>V2rayNG</b> (اندروید)
    ۱. V2rayNG را از گوگل‌پلی یا گیت‌هاب نصب کنید.
    ۲. لینک اشتراک خود را کپی کنید.
    ۳. منوی ☰ ← Subscription group setting ← + را بزنید، لینک را وارد و ذخیره کنید.
    ۴. در صفحهٔ اصلی ⋮ ← Update subscription را بزنید، یک سرور انتخاب و ▶ را لمس کنید.
help-app-hiddify = <b>Hiddify</b> (اندروید، iOS، ویندوز، مک، لینوکس)
    ۱. Hiddify را نصب کنید.
    ۲. لینک اشتراک خود را کپی کنید.
    ۳. «+ New profile» ← «Add from clipboard» را بزنید.
    ۴. دکمهٔ بزرگ اتصال را لمس کنید.
help-app-v2box = <b>V2Box</b> (iOS، مک)
    ۱. V2Box را از اپ‌استور نصب کنید.
    ۲. لینک اشتراک خود را کپی کنید.
    ۳. در زبانهٔ Configs، + ← «Add subscription» را بزنید، لینک را وارد و ذخیره کنید.
    ۴. یک سرور انتخاب و Connect را بزنید.
help-app-streisand = <b>Streisand</b> (iOS، مک)
    ۱. Streisand را از اپ‌استور نصب کنید.
    ۲. لینک اشتراک خود را کپی کنید.
    ۳. + ← «Add from clipboard» را بزنید.
    ۴. یک سرور انتخاب و کلید اتصال را روشن کنید.
help-app-shadowrocket = <b>Shadowrocket</b> (iOS، مک)
    ۱. Shadowrocket را از اپ‌استور نصب کنید.
    ۲. لینک اشتراک خود را کپی کنید.
    ۳. برنامه را باز کنید؛ افزودن لینک کپی‌شده را پیشنهاد می‌دهد — Add را بزنید. یا + ← Type: Subscribe و لینک را وارد کنید.
    ۴. یک سرور انتخاب و کلید اتصال را روشن کنید.
help-app-singbox = <b>sing-box</b> (اندروید، iOS، مک)
    ۱. sing-box (SFA، SFI یا SFM) را نصب کنید.
    ۲. لینک اشتراک خود را کپی کنید.
    ۳. Profiles ← New profile ← Type: Remote را بزنید، لینک را در URL وارد و پروفایل را بسازید.
    ۴. در Dashboard پروفایل را انتخاب و Start را بزنید.
help-app-nekobox = <b>NekoBox</b> (اندروید)
    ۱. NekoBox for Android را از گیت‌هاب نصب کنید.
    ۲. لینک اشتراک خود را کپی کنید.
    ۳. + بالای صفحه ← «Import from clipboard» را بزنید، یا Groups ← + ← Subscription و لینک را وارد کنید.
    ۴. یک سرور انتخاب و دکمهٔ اتصال را بزنید.

## Notifications to customers

notify-traffic-80 = ⚠️ ۸۰٪ حجم اشتراک <b>{ $name }</b> مصرف شده است ({ $used } از { $total }). برای قطع نشدن، تمدید کنید یا حجم اضافه بخرید.
notify-traffic-95 = ⚠️ فقط ۵٪ از حجم اشتراک <b>{ $name }</b> باقی مانده است ({ $used } از { $total } مصرف شده). برای جلوگیری از قطعی، همین حالا حجم اضافه بخرید.
notify-expires-3d = ⏰ اشتراک <b>{ $name }</b> سه روز دیگر، در { $date }، منقضی می‌شود. برای قطع نشدن، همین حالا تمدید کنید.
notify-expires-1d = ⏰ اشتراک <b>{ $name }</b> فردا، { $date }، منقضی می‌شود. برای قطع نشدن، همین حالا تمدید کنید.
notify-expired = ⌛ اشتراک <b>{ $name }</b> منقضی شد. برای اتصال دوباره تمدید کنید؛ لینک شما تغییر نمی‌کند.
notify-limited = ⛔ حجم اشتراک <b>{ $name }</b> تمام شد. برای اتصال دوباره، حجم اضافه بخرید یا تمدید کنید.
notify-provisioned = ✅ اشتراک <b>{ $name }</b> آماده است!
    حجم: { $total }
    اعتبار تا: { $date }
    لینک اشتراک (برای کپی لمس کنید):
    <code>{ $link }</code>
notify-traffic-added = ➕ { $traffic } به <b>{ $name }</b> اضافه شد. اکنون: { $used } از { $total } مصرف شده.
notify-renewed = 🔄 اشتراک <b>{ $name }</b> تا { $date } تمدید شد. حجم: { $total }.
notify-order-expired = ⌛ سفارش <code>#{ $order }</code> منقضی شد، چون رسیدی ظرف { $hours } ساعت نرسید. هر وقت خواستید می‌توانید دوباره سفارش دهید.
notify-receipt-rejected = ❌ رسید سفارش <code>#{ $order }</code> تأیید نشد.
    دلیل: { $reason }
    اگر فکر می‌کنید اشتباهی رخ داده، با پشتیبانی تماس بگیرید.
notify-payment-approved = ✅ پرداخت سفارش <code>#{ $order }</code> تأیید شد. اشتراک شما در حال آماده‌سازی است…
notify-topup-approved = ✅ مبلغ { $amount } به کیف پول شما اضافه شد. موجودی جدید: <b>{ $balance }</b>.
notify-topup-rejected = ❌ رسید شارژ کیف پول شما تأیید نشد.
notify-resent = <i>↻ ارسال دوباره: ممکن است نسخهٔ قبلی همین پیام هم به دستتان رسیده باشد.</i>
    دلیل: { $reason }
notify-support-reply = 💬 پاسخ پشتیبانی (تیکت <code>#{ $ticket }</code>):
    { $text }

## Admin bot

admin-refusal = این ربات فقط برای مدیران است.
admin-cancelled = لغو شد.
admin-menu-title = 🛠 پنل مدیریت
admin-menu-receipts = 🧾 رسیدها ({ $count })
admin-menu-servers = 🖥 سرورها
admin-menu-plans = 📦 پلن‌ها
admin-menu-users = 👤 کاربران
admin-menu-codes = 🏷 کدهای تخفیف
admin-menu-broadcast = 📣 پیام همگانی
admin-menu-stats = 📊 آمار
admin-menu-tickets = 💬 تیکت‌ها ({ $count })
admin-menu-settings = ⚙️ تنظیمات

admin-receipts-empty = رسیدی در انتظار نیست. 🎉
admin-receipt-card = 🧾 رسید سفارش <code>#{ $order }</code>
    مشتری: { $customer } (<code>{ $customerId }</code>)
    بابت: { $what }
    مبلغ: <b>{ $amount }</b>
    ارسال: { $date }
admin-receipt-for-plan = پلن { $plan }
admin-receipt-for-topup = شارژ کیف پول
admin-approve = ✅ تأیید
admin-reject = ❌ رد
admin-reject-ask-reason = دلیل رد سفارش <code>#{ $order }</code> را بفرستید. مشتری آن را می‌بیند.
admin-topup-ask-amount = مبلغی را که باید برای سفارش <code>#{ $order }</code> به کیف پول واریز شود به تومان بفرستید (مبلغ رسید: { $amount }).
admin-approved-by = ✅ تأیید شده توسط { $admin } در { $date }.
admin-rejected-by = ❌ رد شده توسط { $admin } در { $date }.
    دلیل: { $reason }
admin-already-decided = این رسید قبلاً توسط { $admin } در { $date } { $decision ->
        [approved] تأیید
       *[rejected] رد
    } شده است.

admin-servers-title = 🖥 سرورها:
admin-servers-empty = هنوز سروری ثبت نشده است. برای شروع فروش یک سرور اضافه کنید.
admin-server-state = { $state ->
        [healthy] 🟢 سالم
        [degraded] 🟡 ناپایدار
        [down] 🔴 از دسترس خارج
        [draining] 🟠 بدون پذیرش جدید
        [retired] ⚫ بازنشسته
       *[other] ⚪ در حال بررسی
    }
admin-server-line = { $state } <b>{ $name }</b> — { $clients }/{ $capacity } کاربر · { $latency } میلی‌ثانیه
admin-server-last-error = آخرین خطا: { $error }
admin-server-add = ➕ افزودن سرور
admin-server-ask-name = یک نام برای سرور بفرستید (مثلاً de-1).
admin-server-ask-url = آدرس پنل را بفرستید (مثلاً https://panel.example.com:2095/app).
admin-server-ask-token = توکن API پنل را بفرستید.
admin-server-ask-sub-url = آدرس پایهٔ لینک اشتراک را بفرستید، یا برای استفاده از آدرس پنل /skip بزنید.
admin-server-ask-inbounds = شناسهٔ اینباندها را با کاما جدا کنید و بفرستید (مثلاً 1,2).
admin-server-ask-capacity = حداکثر تعداد کاربر را بفرستید، یا برای بدون محدودیت /skip بزنید.
admin-server-testing = در حال آزمایش اتصال…
admin-server-test-failed = ❌ اتصال برقرار نشد: { $error }
    چیزی ذخیره نشد.
admin-server-saved = ✅ سرور <b>{ $name }</b> ذخیره شد ({ $clients } کاربر روی پنل پیدا شد).
admin-server-drain = 🟠 توقف پذیرش
admin-server-resume = ▶️ ادامهٔ پذیرش
admin-server-retire = ⚫ بازنشسته کردن
admin-server-drained = سرور <b>{ $name }</b> دیگر کاربر جدید نمی‌پذیرد.
admin-server-resumed = سرور <b>{ $name }</b> دوباره کاربر جدید می‌پذیرد.
admin-server-retired = سرور <b>{ $name }</b> بازنشسته شد.

admin-plans-title = 📦 پلن‌ها:
admin-plans-empty = هنوز پلنی ثبت نشده است.
admin-plan-line = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> — { $price } · { $traffic } · { $days } روز · { $policy }
admin-plan-policy-reset = ریست حجم هنگام تمدید
admin-plan-policy-stack = انتقال حجم هنگام تمدید
admin-plan-add = ➕ افزودن پلن
admin-plan-edit = ✏️ ویرایش
admin-plan-enable = 🟢 فعال کردن
admin-plan-disable = ⚪ غیرفعال کردن
admin-plan-delete = 🗑 حذف
admin-plan-ask-name = نام پلن را بفرستید.
admin-plan-ask-price = قیمت را به تومان بفرستید.
admin-plan-ask-traffic = حجم را به گیگابایت بفرستید (۰ برای نامحدود).
admin-plan-ask-days = مدت را به روز بفرستید.
admin-plan-ask-policy = هنگام تمدید، حجم ریست شود یا منتقل شود؟
admin-plan-ask-group = گروه سرور را بفرستید، یا /skip بزنید.
admin-plan-saved = ✅ پلن <b>{ $name }</b> ذخیره شد.
admin-plan-enabled = پلن <b>{ $name }</b> در حال فروش است.
admin-plan-disabled = پلن <b>{ $name }</b> دیگر فروخته نمی‌شود.
admin-plan-deleted = پلن <b>{ $name }</b> حذف شد.

admin-users-ask = شناسهٔ تلگرام یا @نام‌کاربری را بفرستید.
admin-user-not-found = مشتری‌ای با { $query } پیدا نشد.
admin-user-card = 👤 <b>{ $name }</b> { $username } <code>{ $id }</code>
    عضویت: { $date }
    موجودی: { $balance }
    اشتراک‌ها: { $subs } · سفارش‌ها: { $orders }
admin-user-banned-note = 🚫 مسدود
admin-user-ban = 🚫 مسدود کردن
admin-user-unban = ✅ رفع مسدودی
admin-user-banned = مشتری <code>{ $id }</code> مسدود شد.
admin-user-unbanned = مسدودی مشتری <code>{ $id }</code> برداشته شد.
admin-user-adjust = 💰 تغییر موجودی
admin-user-adjust-ask = مبلغ را به تومان (منفی برای کسر) همراه دلیل بفرستید، مثلاً «-50000 بازپرداخت».
admin-user-adjusted = موجودی به اندازهٔ { $amount } تغییر کرد. موجودی جدید: <b>{ $balance }</b>.
admin-user-ledger-line = { $date } · { $amount } · { $reason }
admin-user-gift = 🎁 هدیهٔ اشتراک
admin-user-gifted = 🎁 اشتراک <b>{ $plan }</b> به <code>{ $id }</code> هدیه داده شد.
admin-user-agent-note = 🧑‍💼 نماینده: { $discount }٪ تخفیف روی همهٔ پلن‌ها · { $prices } پلن با قیمت اختصاصی
admin-user-make-agent = 🧑‍💼 نماینده کردن
admin-user-agent-edit = 🧑‍💼 شرایط نمایندگی
admin-user-agent-remove = ✖️ پایان نمایندگی
admin-user-agent-ask = درصد تخفیف نماینده روی همهٔ پلن‌ها را بفرستید (۰ تا ۹۰). برای قیمت اختصاصی برخی پلن‌ها، برای هر کدام یک خط «PLAN_ID PRICE» اضافه کنید، مثلاً
    20
    3 120000
admin-user-agent-invalid = { $hint }. درصد تخفیف و سپس خط‌های اختیاری «PLAN_ID PRICE» را بفرستید.
admin-user-agent-saved = ✅ <code>{ $id }</code> نماینده شد: { $discount }٪ تخفیف روی همهٔ پلن‌ها، { $prices } پلن با قیمت اختصاصی.
admin-user-agent-removed = <code>{ $id }</code> دیگر نماینده نیست؛ اشتراک‌هایش برای خودش می‌ماند.

admin-sub-resync = 🔄 همگام‌سازی
admin-sub-revoke = 🚫 لغو
admin-sub-move = ↪️ انتقال به سرور دیگر
admin-sub-resynced = اشتراک <code>{ $subscription }</code> از پنل همگام‌سازی شد.
admin-sub-revoked = اشتراک <code>{ $subscription }</code> لغو شد.
admin-sub-moved = اشتراک <code>{ $subscription }</code> به <b>{ $server }</b> منتقل شد؛ لینک مشتری تغییری نکرد.
admin-sub-retry = 🔁 ساخت دوباره
admin-sub-retried = ساخت اشتراک <code>{ $subscription }</code> دوباره شروع شد.
admin-sub-retry-not-failed = این اشتراک اکنون در وضعیت { $state } است و چیزی برای تلاش دوباره نیست.

admin-codes-title = 🏷 کدهای تخفیف:
admin-codes-empty = هنوز کد تخفیفی ثبت نشده است.
admin-code-line = <code>{ $code }</code> — { $value } · استفاده { $used }/{ $max } · تا { $date }
admin-code-add = ➕ افزودن کد
admin-code-ask = به این شکل بفرستید: CODE percent|amount VALUE MAX_USES DAYS_VALID (مثلاً «NOWRUZ percent 20 100 14»).
admin-code-invalid = قالب درست نیست. { $hint }
admin-code-problem-code = کد ۳ تا ۳۲ حرف، رقم، - یا _ است
admin-code-problem-percent-or-amount = یا درصد بدهید یا مبلغ
admin-code-problem-percent = درصد از ۱ تا ۱۰۰ است
admin-code-problem-amount = مبلغ یک عدد صحیح به تومان است
admin-code-problem-max-uses = حداکثر استفاده ۰ (نامحدود) یا بیشتر است
admin-code-problem-parts = پنج بخش لازم است
admin-code-problem-kind = نوع، percent یا amount است
admin-code-problem-numbers = VALUE، MAX_USES و DAYS_VALID عدد صحیح هستند
admin-code-saved = ✅ کد <code>{ $code }</code> ذخیره شد.
admin-code-deleted = کد <code>{ $code }</code> حذف شد.
admin-code-delete = 🗑 حذف

admin-broadcast-ask-audience = پیام همگانی برای چه کسانی ارسال شود؟
admin-broadcast-all = 👥 همهٔ مشتریان
admin-broadcast-active = ✅ مشتریان دارای اشتراک فعال
admin-broadcast-expired = ⌛ مشتریانی که اشتراکشان منقضی شده
admin-broadcast-ask-text = پیامی را که باید ارسال شود بفرستید.
admin-broadcast-confirm = این پیام برای { $count } مشتری ارسال شود؟
admin-broadcast-started = 📣 ارسال همگانی شروع شد.
admin-broadcast-progress = 📣 ارسال همگانی: { $delivered } رسید · { $blocked } مسدود · { $failed } ناموفق · { $remaining } باقی‌مانده
admin-broadcast-done = 📣 ارسال همگانی تمام شد: { $delivered } رسید · { $blocked } مسدود · { $failed } ناموفق.

admin-stats = 📊 آمار
    مشتریان: { $customers } (+{ $newToday } امروز)
    اشتراک‌های فعال: { $active }
    درآمد امروز: { $revenueToday }
    درآمد ۷ روز: { $revenue7d }
    درآمد ۳۰ روز: { $revenue30d }
    رسیدهای در انتظار: { $pendingReceipts }
    خطاهای آماده‌سازی: { $provisioningFailures }
admin-stats-server-line = { $name }: { $clients }/{ $capacity }
admin-stats-agents = 🧑‍💼 نمایندگان: { $agents } · خرید ۳۰ روز اخیر: { $orders } سفارش، { $amount }

admin-alert-new-receipt = 🧾 رسید جدید برای سفارش <code>#{ $order }</code> از { $customer } — { $amount }.
admin-backup-caption = 🗄 پشتیبان پایگاه داده، { $date }: { $orders } سفارش، { $subscriptions } اشتراک.
    فقط با SECRET_KEY همین نصب (یا فایل کلید آن) باز می‌شود. برای بازگردانی: subkeeper را متوقف کنید و سپس <code>subkeeper restore { $file }</code>
admin-alert-server-down = 🔴 سرور <b>{ $name }</b> از دسترس خارج شد: { $error }
admin-alert-server-recovered = 🟢 سرور <b>{ $name }</b> پس از { $duration } دوباره در دسترس است.
admin-alert-provisioning-failed = ⚠️ آماده‌سازی اشتراک <code>{ $subscription }</code> برای { $customer } پس از { $attempts } تلاش ناموفق بود: { $error }
admin-alert-fulfil-failed = ⚠️ سفارش <code>#{ $order }</code> از { $customer } پرداخت شده اما انجام نشد: { $error }
admin-alert-drift = 🔍 همگام‌سازی روی <b>{ $name }</b> ناهمخوانی پیدا کرد: { $details }
admin-alert-channel-unchecked = ⚠️ ربات فروش نمی‌تواند عضویت مشتری‌ها در { $channel } را بررسی کند: { $error }
    آن را مدیر کانال کنید (یا نام را در /settings درست کنید). تا آن موقع از مشتری‌ها خواسته نمی‌شود عضو آن شوند.
admin-alert-notice-undelivered = 📭 پیام «{ $what }»{ $order } به { $customer } (<code>{ $customerId }</code>) نرسید: { $reason }
    اشتراک‌ها و لینک او در کارت مشتری (/users) و در /subs خودش هست.
admin-undelivered-order = ، سفارش <code>#{ $order }</code>
admin-notice-kind-provisioned = اشتراک شما آماده است (لینک و QR)
admin-notice-kind-renewed = اشتراک شما تمدید شد
admin-notice-kind-traffic-added = حجم اضافه شد
admin-notice-kind-payment-approved = پرداخت دریافت شد، اشتراک در حال آماده‌سازی
admin-notice-kind-receipt-rejected = رسید تأیید نشد
admin-notice-kind-order-expired = سفارش منقضی شد
admin-notice-kind-topup-approved = شارژ کیف پول تأیید شد
admin-notice-kind-topup-rejected = شارژ کیف پول تأیید نشد
admin-notice-kind-support-reply = پاسخ پشتیبانی

admin-tickets-title = 💬 تیکت‌های باز:
admin-tickets-empty = تیکت بازی نیست.
admin-ticket-message = 💬 تیکت <code>#{ $ticket }</code> از { $customer } (<code>{ $customerId }</code>):
    { $text }
admin-ticket-reply = ↩️ پاسخ
admin-ticket-close = ✔️ بستن
admin-ticket-reply-ask = پاسخ خود به تیکت <code>#{ $ticket }</code> را بفرستید.
admin-ticket-replied = ✅ پاسخ ارسال شد.
admin-ticket-closed = تیکت <code>#{ $ticket }</code> بسته شد.

## Admin bot (continued)

## ربات مدیریت: عبارت‌هایی که هنوز در کاتالوگ مشترک (src/bots/locales) نیستند. همان کلیدها در en.ftl.

admin-help = فرمان‌ها: /start منو · /receipts · /servers · /plans · /users · /codes · /broadcast · /stats · /tickets · /settings · /cancel
admin-command-start = پنل مدیریت
admin-command-receipts = رسیدهای در انتظار تأیید
admin-command-servers = سرورها و وضعیتشان
admin-command-plans = پلن‌ها و بسته‌های حجم
admin-command-users = جست‌وجوی مشتری
admin-command-codes = کدهای تخفیف
admin-command-broadcast = ارسال پیام همگانی
admin-command-stats = آمار
admin-command-tickets = تیکت‌های باز پشتیبانی
admin-command-settings = تنظیمات
admin-command-cancel = لغو کاری که در حال انجامش هستید
admin-back = ⬅️ بازگشت
admin-page-previous = ◀️ قبلی
admin-page-next = بعدی ▶️
admin-page-of = { $page } از { $pages }
admin-cancel = ✖️ انصراف
admin-confirm-yes = ✅ بله، انجام بده
admin-failed = ❌ { $error }
admin-not-a-number = یک عدد صحیح بفرستید، مثلاً { $example }.
admin-stale-button = این دکمه دیگر کار نمی‌کند؛ منو را دوباره با /start باز کنید.
admin-nothing-pending = منتظر پاسخی از شما نیستیم. برای منو /start را بزنید.

admin-receipts-title = 🧾 { $count } رسید در انتظار است؛ قدیمی‌ترها اول.
admin-receipt-photo-missing = (عکس رسید بارگیری نشد)
admin-receipt-for-renewal = تمدید { $plan }
admin-receipt-for-traffic = بستهٔ حجم { $plan }
admin-decided-toast = انجام شد: { $decision ->
        [approved] تأیید شد
       *[rejected] رد شد
    }.
admin-topup-amount-invalid = مبلغ یک عدد صحیح بزرگ‌تر از صفر به تومان است.
admin-reason-invalid = دلیل بین ۱ تا ۵۰۰ نویسه است.

admin-server-card = { $state } <b>{ $name }</b> (<code>{ $id }</code>)
    پنل: <code>{ $url }</code>
    گروه: { $group } · اینباندها { $inbounds }
    کاربران: { $clients }/{ $capacity } · تأخیر { $latency } میلی‌ثانیه
admin-server-no-latency = —
admin-server-unlimited = ∞
admin-server-probe = 🔎 بررسی اکنون
admin-server-probing = در حال بررسی <b>{ $name }</b>…
admin-server-token-deleted = 🔒 توکن دریافت شد؛ پیام حاوی آن از این گفتگو پاک شد.
admin-server-pick-inbounds = اینباندهایی را که کاربران جدید به آن‌ها وصل می‌شوند انتخاب کنید، سپس «تمام» را بزنید.
admin-server-inbound-button = { $picked ->
        [yes] ✅
       *[no] ▫️
    } { $id } · { $tag } ({ $protocol })
admin-server-inbounds-done = ✅ تمام
admin-server-inbounds-none = دست‌کم یک اینباند انتخاب کنید.
admin-server-no-inbounds = این پنل هنوز اینباندی ندارد؛ روی پنل یکی بسازید و سپس سرور را دوباره اضافه کنید.
admin-server-ask-kind = روی این سرور کدام پنل نصب است؟
admin-server-kind = { $kind ->
        [sui] S-UI
        [xui] 3x-ui
        [marzban] Marzban
        [pasarguard] PasarGuard
        [remnawave] Remnawave
       *[other] { $name }
    }
admin-server-ask-auth = این پنل با توکن API (نسخهٔ ۳ 3x-ui) یا نام کاربری و رمز مدیر وارد می‌شود. کدام را می‌فرستید؟
admin-server-auth-token = 🔑 توکن API
admin-server-auth-login = 👤 نام کاربری و رمز
admin-server-ask-username = نام کاربری مدیر پنل را بفرستید.
admin-server-ask-password = رمز همان مدیر را بفرستید.
admin-server-password-deleted = 🔒 رمز دریافت شد؛ پیام حاوی آن از این گفتگو پاک شد.
admin-server-connected = ✅ وصل شد: { $kind } { $version }، { $clients } کاربر روی پنل.
admin-server-use-buttons = لطفاً با دکمه‌های بالا پاسخ دهید، یا /cancel.
admin-server-name-invalid = نام سرور ۱ تا ۶۴ نویسه است. نام دیگری بفرستید.
admin-server-name-taken = سروری به نام { $name } از قبل هست. نام دیگری بفرستید.
admin-server-url-invalid = نشانی پنل باید یک آدرس کامل http(s) با مسیر وب باشد، مثل http://1.2.3.4:2095/app/. دوباره بفرستید.
admin-server-token-invalid = توکن API درست به نظر نمی‌رسد: خالی است، فاصله دارد یا خیلی بلند است. دوباره بفرستید.
admin-server-username-invalid = نام کاربری ۱ تا ۱۲۸ نویسه است. دوباره بفرستید.
admin-server-password-invalid = رمز خالی یا خیلی بلند است. دوباره بفرستید.
admin-server-sub-url-invalid = نشانی اشتراک باید یک آدرس کامل http(s) باشد، مثل http://1.2.3.4:2096/sub/. دوباره بفرستید، یا /skip.
admin-server-pick-inbounds-optional = اینباندهایی (گروه‌ها، اسکوادها) را که کاربران تازه می‌گیرند انتخاب کنید و «تمام» را بزنید؛ اگر هیچ‌کدام را انتخاب نکنید، پیش‌فرض پنل به کار می‌رود.
admin-server-retire-confirm = <b>{ $name }</b> برای همیشه بازنشسته شود؟ دیگر پایش نمی‌شود و کاربر جدید نمی‌گیرد.

admin-plan-card = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> (<code>{ $id }</code>)
    قیمت: { $price }
    حجم: { $traffic } · { $days } روز
    تمدید: { $policy }
    گروه سرور: { $group }
admin-plan-unlimited = نامحدود
admin-plan-ask-field = چه چیزی را می‌خواهید تغییر دهید؟
admin-plan-field-name = نام
admin-plan-field-price = قیمت
admin-plan-field-traffic = حجم
admin-plan-field-days = روزها
admin-plan-field-policy = تمدید
admin-plan-field-group = گروه سرور
admin-plan-policy-reset-button = 🔄 صفر شود
admin-plan-policy-stack-button = ➕ منتقل شود
admin-plan-kept = پلن <b>{ $name }</b> قبلاً فروخته شده، پس برای سابقه می‌ماند و از فروش خارج شد.
admin-plan-ask-kind = چه چیزی اضافه می‌کنید؟
admin-plan-kind-subscription = 📅 پلن اشتراک
admin-plan-kind-traffic = ➕ بستهٔ حجم
admin-pack-ask-traffic = حجمی را که بسته اضافه می‌کند به گیگابایت بفرستید (بیشتر از ۰).
admin-pack-line = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> — { $price } · ➕ { $traffic } (بستهٔ حجم)
admin-pack-card = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> (<code>{ $id }</code>) — بستهٔ حجم
    قیمت: { $price }
    افزوده: { $traffic } به اشتراک فعال یا اشتراکی که حجمش تمام شده

admin-code-enable = 🟢 فعال‌سازی
admin-code-disable = ⚪ غیرفعال‌سازی
admin-code-edit = ✏️ { $code }
admin-code-inactive = (غیرفعال)
admin-code-value-percent = ٪{ $value }
admin-code-no-limit = ∞
admin-code-no-end = بدون پایان
admin-code-enabled = کد <code>{ $code }</code> قابل استفاده است.
admin-code-disabled = کد <code>{ $code }</code> دیگر قابل استفاده نیست.
admin-code-once-note = هر مشتری یک بار
admin-code-many-note = قابل استفادهٔ مکرر
admin-code-make-once = 👤 هر مشتری یک بار
admin-code-make-many = 🔁 استفادهٔ مکرر
admin-code-made-once = هر مشتری فقط یک بار می‌تواند از کد <code>{ $code }</code> استفاده کند.
admin-code-made-many = هر مشتری می‌تواند کد <code>{ $code }</code> را چند بار استفاده کند (تا سقف استفادهٔ کد).

admin-user-username-none = —
admin-user-subs-title = 📄 اشتراک‌ها:
admin-user-sub-line = { $state } <code>{ $id }</code> { $title } — { $used } از { $total } · تا { $date }
admin-user-orders-title = 🧾 آخرین سفارش‌ها:
admin-user-order-line = <code>#{ $order }</code> { $kind } · { $amount } · { $state } · { $date }
admin-user-ledger-title = 💰 گردش حساب:
admin-user-none = هیچ
admin-user-adjust-invalid = یک مبلغ و یک دلیل بفرستید، مثلاً «-50000 بازپرداخت»؛ مبلغ عدد صحیح به تومان است و صفر نیست.
admin-user-adjust-insufficient = موجودی نمی‌تواند منفی شود: اکنون { $balance } است.
admin-user-gift-ask = پلنی را که هدیه می‌دهید انتخاب کنید.
admin-user-open-sub = 📄 { $id }

admin-sub-card = 📄 اشتراک <code>{ $id }</code> از <code>{ $customer }</code>
    { $title } · { $state }
    مصرف { $used } از { $total } · تا { $date }
    سرور: { $server }
    لینک: <code>{ $link }</code>
admin-sub-move-ask = سروری را که اشتراک <code>{ $subscription }</code> به آن منتقل شود انتخاب کنید.
admin-sub-move-none = سرور سالم دیگری برای انتقال نیست.
admin-sub-revoke-confirm = اشتراک <code>{ $subscription }</code> لغو شود؟ کاربر از پنل حذف می‌شود.

admin-settings = ⚙️ تنظیمات
    کارت‌ها:
    { $cards }
    مهلت پرداخت: { $window } ساعت
    آزمایشی: { $trialVolume } برای { $trialDays } روز
    سهم معرفی: ٪{ $referral }
    ساعت پشتیبانی: { $supportHours }
    کانال‌های اجباری: { $channels }
admin-settings-card-line = <code>{ $number }</code> — { $holder }
admin-settings-cards = 💳 کارت‌ها
admin-settings-window = ⏳ مهلت پرداخت
admin-settings-trial-volume = 🎁 حجم آزمایشی
admin-settings-trial-days = 🎁 روزهای آزمایشی
admin-settings-referral = 🤝 سهم معرفی
admin-settings-hours = 🕘 ساعت پشتیبانی
admin-settings-ask-cards = شماره کارت‌ها را بفرستید، هر کدام در یک خط: ۱۶ رقم و سپس نام صاحب کارت.
admin-settings-ask-window = مهلت پرداخت را به ساعت بفرستید (۱ تا ۱۶۸).
admin-settings-ask-trial-volume = حجم آزمایشی را به گیگابایت بفرستید.
admin-settings-ask-trial-days = مدت آزمایشی را به روز بفرستید (۱ تا ۳۰).
admin-settings-ask-referral = سهم معرفی را به درصد بفرستید (۰ تا ۵۰).
admin-settings-ask-hours = ساعت پشتیبانی را همان‌طور که مشتری باید بخواند بفرستید.
admin-settings-channels = 📢 کانال‌های اجباری
admin-settings-ask-channels = کانال‌های عمومی را که مشتری پیش از خرید یا اشتراک آزمایشی باید عضوشان شود، هر کدام در یک خط بفرستید (مثلاً @my_channel)، یا /skip برای هیچ. ربات فروش (همان که مشتری‌ها با آن کار می‌کنند، نه این ربات) را مدیر هر کانال کنید، وگرنه نمی‌تواند عضویت را بررسی کند.
admin-settings-saved = ✅ تنظیمات ذخیره شد.

admin-broadcast-audience = { $label } ({ $count })
admin-broadcast-preview = 👁 پیش‌نمایش: مشتری‌ها پیام بالا را دریافت می‌کنند.
admin-broadcast-preview-failed = تلگرام این متن را نپذیرفت ({ $error }). آن را اصلاح کنید و دوباره بفرستید.
admin-broadcast-send = ✅ ارسال
admin-broadcast-pause = ⏸ توقف موقت
admin-broadcast-resume = ▶️ ادامه
admin-broadcast-stop = ⛔ لغو ارسال
admin-broadcast-refresh = 🔄 به‌روزرسانی
admin-broadcast-paused = ⏸ ارسال متوقف شد: { $delivered } رسید · { $blocked } مسدود · { $failed } ناموفق · { $remaining } مانده
admin-broadcast-cancelled = ⛔ ارسال لغو شد: { $delivered } رسید · { $blocked } مسدود · { $failed } ناموفق.
admin-broadcast-draft-dropped = پیام همگانی ارسال نشد.
admin-alert-broadcast-stalled = ⚠️ پیام همگانی <code>#{ $id }</code> خودبه‌خود متوقف شد: { $error }
    وقتی تلگرام دوباره پاسخ داد، از /broadcast ادامه دهید.
admin-broadcasts-running = پیام‌های همگانی در حال ارسال یا متوقف:

admin-ticket-line = <code>#{ $ticket }</code> · { $customer } (<code>{ $customerId }</code>) · { $date }
    { $text }
admin-ticket-open = 💬 #{ $ticket }
admin-ticket-not-open = تیکت <code>#{ $ticket }</code> بسته است.

admin-duration-minutes = { $minutes } دقیقه
admin-duration-hours = { $hours } ساعت و { $minutes } دقیقه
admin-drift-details = { $count } کاربر روی پنل که subkeeper نمی‌شناسد: { $names }

## کنسول اپراتور (صفحه‌های وب در /console): متن ساده، صفحه خودش آن را امن می‌کند.
console-language-name = فارسی
console-nav-overview = نمای کلی
console-nav-receipts = رسیدها
console-nav-customers = مشتریان
console-nav-servers = سرورها
console-nav-plans = پلن‌ها
console-nav-codes = کدهای تخفیف
console-nav-broadcasts = پیام همگانی
console-nav-settings = تنظیمات
console-logout = خروج
console-login-title = ورود به کنسول
console-login-token = توکن اپراتور
console-login-submit = ورود
console-login-off = کنسول خاموش است: OPERATOR_TOKEN روی این سرور تنظیم نشده است.
console-login-wrong = این توکن درست نیست.
console-login-throttled = از این نشانی توکن نادرست زیادی فرستاده شده. { $minutes } دقیقهٔ دیگر دوباره امتحان کنید.
console-csrf-refused = این تغییر پذیرفته نشد: فرم از همین صفحهٔ کنسول فرستاده نشده است (کد امنیتی آن نیست یا کهنه است). صفحه را دوباره بارگذاری کنید و دوباره امتحان کنید.
console-failed = مشکلی در سمت ما پیش آمد؛ جزئیات در لاگ هست.
console-error-title = انجام نشد
console-not-found = چنین صفحه‌ای در کنسول نیست.
console-back = بازگشت به نمای کلی
console-state = وضعیت
console-updated-at = به‌روزشده
console-ms = { $ms } میلی‌ثانیه
console-page-first = صفحهٔ اول
console-page-next = صفحهٔ بعد
console-overview-receipts = رسیدهای در انتظار
console-overview-active = اشتراک‌های فعال
console-overview-failures = خطاهای ساخت اشتراک
console-overview-customers = مشتریان
console-overview-revenue-30d = درآمد ۳۰ روز
console-overview-servers = سرورها
console-overview-revenue-chart = درآمد روزانه، ۳۰ روز گذشته
console-revenue-chart = درآمد روزانه در ۳۰ روز گذشته؛ بلندترین ستون { $max } است
console-servers-none = هنوز سروری نیست.
console-servers-add = افزودن سرور
console-server-name = سرور
console-server-latency = تأخیر
console-server-clients = کلاینت‌ها
console-server-last-error = آخرین خطا
console-receipts-empty = رسیدی در انتظار نیست.
console-receipt-order = سفارش #{ $number }
console-receipt-photo = عکس رسید
console-receipt-photo-missing = عکس رسید بارگذاری نشد.
console-receipt-for-topup = شارژ کیف پول
console-receipt-for-plan = اشتراک: { $plan }
console-receipt-for-renewal = تمدید: { $plan }
console-receipt-for-traffic = بستهٔ حجم: { $plan }
console-receipt-received = مبلغ دریافت‌شده (تومان)
console-receipt-approve = تأیید
console-receipt-reject = رد
console-receipt-reason = دلیلی که مشتری می‌خواند
console-receipt-reason-invalid = رد کردن دلیل می‌خواهد (تا ۵۰۰ نویسه).
console-receipt-amount-invalid = مبلغ دریافت‌شده باید عددی صحیح و مثبت به تومان باشد.
console-receipt-unknown = چنین سفارشی نیست.
console-receipt-already-decided = این رسید پیش‌تر { $decision ->
        [approved] تأیید
       *[rejected] رد
    } شده است، به دست { $by } در { $date }.
console-receipt-not-waiting = این سفارش دیگر منتظر تصمیم نیست (وضعیت: { $state }).
console-note-approved = تأیید شد. به مشتری خبر داده می‌شود و سفارشش انجام می‌شود.
console-note-rejected = رد شد. دلیل به مشتری گفته می‌شود.
console-state-healthy = سالم
console-state-degraded = کند
console-state-down = از دسترس خارج
console-state-probing = در حال بررسی
console-state-draining = در حال تخلیه
console-state-retired = بازنشسته
console-state-active = فعال
console-state-limited = محدود
console-state-expired = منقضی
console-state-suspended = معلق
console-state-provisioning = در حال ساخت
console-state-provision-failed = ساخت ناموفق
console-state-revoked = لغوشده
## Payments: Telegram Stars
command-paysupport = راهنمای پرداخت
payment-stars = ⭐ استارز تلگرام ({ $stars } استار)
stars-invoice-title-fallback = اشتراک
stars-invoice-description = سفارش #{ $order }، پرداخت با استارز تلگرام.
stars-invoice-intro = سفارش <code>#{ $order }</code> ثبت شد. صورت‌حساب زیر را با استارز تلگرام بپردازید.
stars-checkout-expired = مهلت پرداخت این سفارش تمام شده است. لطفاً سفارش تازه‌ای ثبت کنید.
stars-checkout-price-changed = مبلغ این سفارش تغییر کرده است. لطفاً سفارش تازه‌ای ثبت کنید.
stars-checkout-not-payable = این سفارش دیگر قابل پرداخت نیست. لطفاً سفارش تازه‌ای ثبت کنید.
stars-payment-received = ⭐ { $stars } استار برای سفارش <code>#{ $order }</code> دریافت شد. اشتراک شما در حال آماده‌سازی است…
stars-payment-unmatched = استارزهای شما رسید، اما سفارش <code>#{ $order }</code> دیگر قابل پرداخت نیست. مدیر آن را بازمی‌گرداند؛ اگر سؤالی دارید با /support بنویسید.
paysupport = 💳 <b>راهنمای پرداخت</b>
    سؤال خود را با /support بنویسید و شماره سفارش را بگویید؛ مدیر در همین گفتگو پاسخ می‌دهد. با استارز تلگرام پرداخت کرده‌اید و اشتراک نگرفته‌اید؟ اگر تحویل ممکن نباشد، به موجودی استارز شما بازگردانده می‌شود.
notify-order-refunded = ↩️ مبلغ سفارش <code>#{ $order }</code> به موجودی استارز تلگرام شما بازگردانده شد و اشتراک آن لغو شد.
admin-order-refund-button = ↩️ بازگرداندن استارز
admin-order-refund-started = ↩️ در حال بازگرداندن سفارش <code>#{ $order }</code>…
admin-order-refund-not-possible = سفارش <code>#{ $order }</code> قابل بازگرداندن نیست (فقط سفارش تحویل‌شده با استارز).
admin-order-refund-already = سفارش <code>#{ $order }</code> قبلاً بازگردانده شده یا در حال بازگرداندن است.
admin-alert-payment-unmatched = ⚠️ پرداختی با { $method } به مبلغ { $amount } برای سفارش <code>#{ $order }</code> رسید که قابل پذیرش نبود. آن را دستی بازگردانید.
admin-alert-refund-failed = ⚠️ بازگرداندن سفارش <code>#{ $order }</code> ناموفق بود: { $error }
admin-order-card = 🧾 <b>سفارش <code>#{ $order }</code></b>
    مشتری: { $customer } (<code>{ $customerId }</code>)
    { $kind }، پرداخت با { $method }: { $amount } (استارز: { $stars })
    وضعیت: { $state } · مهلت پرداخت تا { $date }
admin-order-not-found = سفارش «{ $query }» پیدا نشد. /order و شماره سفارش را بفرستید.
admin-plan-field-stars = ⭐ قیمت استارز
admin-plan-ask-stars = قیمت را به استارز تلگرام (عدد صحیح) بفرستید، یا ۰ تا دیگر با استارز فروخته نشود.
admin-plan-problem-name = نام ۱ تا ۶۴ نویسه است
admin-plan-problem-price = قیمت یک عدد صحیح به تومان است
admin-plan-problem-stars = استارز یک عدد صحیح از ۱ تا ۱۰۰۰۰۰ است، یا ۰ برای بدون استارز
admin-plan-problem-traffic = حجم عددی به گیگابایت است، ۰ برای نامحدود
admin-plan-problem-days = مدت از ۰ تا ۳۶۵۰ روز است
admin-plan-problem-days-whole = مدت یک عدد صحیح روز است
admin-plan-problem-policy = سیاست تمدید، ریست یا انتقال حجم است
admin-plan-problem-policy-buttons = ریست یا انتقال را با دکمه‌ها انتخاب کنید
admin-plan-problem-kind = نوع، پلن اشتراک یا بستهٔ حجم است
admin-plan-problem-group = گروه سرور ۱ تا ۳۲ حرف، رقم، - یا _ است
admin-plan-problem-lasts = پلن اشتراک دست‌کم یک روز است
admin-plan-problem-pack-traffic = بستهٔ حجم باید حجمی اضافه کند: بیش از ۰ گیگابایت
admin-plan-stars = ⭐ با { $stars } استارز تلگرام هم فروخته می‌شود.

## Payments: crypto (NOWPayments)
payment-crypto = 🪙 ارز دیجیتال (USDT…)، { $usd } دلار
crypto-invoice = سفارش <code>#{ $order }</code>: مبلغ { $usd } دلار را با ارز دیجیتال در صفحه پرداخت زیر بپردازید. اشتراک شما به محض تأیید پرداخت آماده می‌شود.
crypto-invoice-button = 🪙 پرداخت با ارز دیجیتال
crypto-invoice-pending = سفارش <code>#{ $order }</code>: صفحه پرداخت هنوز آماده نیست. آن را لغو کنید و چند دقیقه دیگر دوباره امتحان کنید.
crypto-unavailable = پرداخت با ارز دیجیتال اکنون ممکن نیست. لطفاً روش دیگری را انتخاب کنید.
crypto-done-page = سپاس! پرداخت شما در حال تأیید است. به ربات برگردید: اشتراک شما همان‌جا می‌رسد.
admin-alert-payment-partial = ⚠️ سفارش <code>#{ $order }</code> از { $customer } فقط بخشی پرداخت شد: { $paid } از { $expected } (پرداخت { $payment }). چیزی تحویل نشد.
admin-settings-usd = 🪙 تومان به ازای هر دلار
admin-settings-ask-usd = بفرستید هر دلار آمریکا چند تومان است، برای قیمت‌های ارز دیجیتال (۰ یعنی خاموش).
admin-settings-renew = 🔁 روزهای تمدید خودکار
admin-settings-ask-renew = بفرستید تمدید خودکار چند روز پیش از پایان از کیف پول برداشت کند (۱ تا ۷).
admin-settings-payments = 🪙 ارز دیجیتال: { $usd } تومان به ازای هر دلار · 🔁 تمدید خودکار { $days } روز پیش از پایان

console-none = هنوز چیزی نیست.
console-yes = بله
console-no = خیر
console-on = روشن
console-off = خاموش
console-save = ذخیره
console-search = جستجو
console-delete = حذف
console-hidden = پنهان
console-on-sale = در فروش
console-unlimited = نامحدود
console-quarantined = این اکتور قرنطینه است و رویدادی نمی‌پذیرد: { $reason }
console-note-event-sent = انجام شد. ژورنال زیر نشان می‌دهد چه شد.
console-note-server-added = سرور افزوده شد. روی پنل زنده بررسی شد و اکنون زیر نظر است.
console-note-server-drain = در حال تخلیه: کلاینت تازه‌ای روی این سرور نمی‌رود.
console-note-server-resume = از سر گرفته شد: کلاینت‌های تازه دوباره می‌توانند روی این سرور بروند.
console-note-server-retire = بازنشسته شد: دیگر بررسی، همگام‌سازی یا کلاینت تازه‌ای نیست.
console-note-saved = ذخیره شد.
console-note-deleted = حذف شد.
console-note-hidden = پیش‌تر فروخته شده بود، پس به جای حذف پنهان شد.
console-note-broadcast-drafted = پیش‌نویس ذخیره شد. تا «ارسال» را نزنید چیزی فرستاده نمی‌شود.
console-note-broadcast-sending = در حال ارسال. شمارش‌های زیر همراه آن تغییر می‌کنند.
console-note-banned = مسدود شد. اشتراک‌هایش معلق شدند.
console-note-unbanned = رفع مسدودیت شد. اشتراک‌هایش از سر گرفته شدند.
console-note-adjusted = موجودی اصلاح شد.
console-customers-search = شناسهٔ تلگرام یا ‎@نام‌کاربری
console-customers-not-found = هیچ مشتری‌ای با «{ $query }» پیدا نشد.
console-customer-id = شناسهٔ تلگرام
console-customer-username = نام کاربری
console-customer-name = نام
console-customer-since = از
console-customer-banned = مسدود
console-customer-banned-note = این مشتری مسدود است: ربات‌ها او را نمی‌پذیرند و اشتراک‌هایش معلق‌اند.
console-customer-unknown = چنین مشتری‌ای نیست.
console-customer-title = مشتری { $name }
console-customer-balance = موجودی
console-customer-ban = مسدود کردن
console-customer-unban = رفع مسدودیت
console-customer-ban-confirm = این مشتری مسدود و اشتراک‌هایش معلق شوند؟
console-customer-adjust = اصلاح موجودی
console-customer-adjust-amount = مبلغ به تومان (منفی برای کم کردن)
console-customer-adjust-reason = دلیل (در گزارش ممیزی می‌ماند)
console-customer-adjust-submit = اصلاح
console-customer-adjust-invalid = مبلغی صحیح و غیرصفر به تومان و دلیلی تا ۲۰۰ نویسه بدهید.
console-customer-adjust-insufficient = موجودی زیر صفر می‌رفت؛ موجودی اکنون { $balance } است.
console-customer-subscriptions = اشتراک‌ها
console-customer-orders = سفارش‌ها
console-customer-ledger = دفتر حساب
console-order-kind = نوع
console-order-amount = مبلغ
console-order-method = روش پرداخت
console-order-created = ساخته‌شده
console-ledger-at = زمان
console-ledger-amount = مبلغ
console-ledger-reason = دلیل
console-ledger-ref = مرجع
console-sub-title = اشتراک #{ $id } · { $title }
console-sub-unknown = چنین اشتراکی نیست.
console-sub-customer = مشتری { $id }
console-sub-plan = پلن
console-sub-used = مصرف
console-sub-expires = پایان
console-sub-usage = { $used } از { $total } مصرف شده ({ $percent }٪)
console-sub-usage-unlimited = { $used } مصرف شده، بدون محدودیت حجم
console-sub-usage-label = حجم مصرف‌شده
console-sub-days-left = { $days } روز مانده (تا { $date })
console-sub-no-expiry = بدون تاریخ پایان.
console-sub-server = سرور
console-sub-move-to = انتقال به سرور
console-sub-revoke-confirm = این اشتراک لغو شود؟ کلاینت پنل حذف می‌شود و لینک دیگر کار نمی‌کند.
console-sub-timers = زمان‌سنج‌های در انتظار
console-timer-key = زمان‌سنج
console-timer-due = موعد
console-timer-event = رویداد
console-journal = ژورنال
console-journal-at = زمان
console-journal-event = رویداد
console-journal-change = وضعیت
console-event-retry = تلاش دوباره برای ساخت
console-event-resync = همگام‌سازی مصرف
console-event-revoke = لغو
console-event-suspend = تعلیق
console-event-unsuspend = رفع تعلیق
console-event-move = انتقال
console-server-kind = نوع پنل
console-server-panel-url = نشانی پنل (با مسیر وب آن)
console-server-credentials-hint = بسته به نوع پنل، توکن API یا نام کاربری و گذرواژهٔ مدیر پنل را بدهید.
console-server-token = توکن API
console-server-username = نام کاربری مدیر
console-server-password = گذرواژهٔ مدیر
console-server-sub-url = نشانی اشتراک (خالی برای پیش‌فرض پنل)
console-server-inbounds = شناسهٔ اینباندها، گروه‌ها یا اسکوادها (با ویرگول جدا)
console-server-capacity = ظرفیت (۰ برای بی‌حد)
console-server-group = گروه
console-server-last-sync = آخرین همگام‌سازی
console-server-drain = تخلیه
console-server-resume = از سرگیری
console-server-retire = بازنشسته کردن
console-server-retire-confirm = این سرور برای همیشه بازنشسته شود؟ دیگر بررسی، همگام‌سازی یا کلاینتی نمی‌گیرد.
console-server-capacity-invalid = ظرفیت عددی صحیح است، ۰ برای بی‌حد.
console-plan-name = نام
console-plan-kind = نوع
console-plan-kind-subscription = اشتراک
console-plan-kind-traffic = بستهٔ حجم
console-plan-price = قیمت (تومان)
console-plan-traffic = حجم
console-plan-traffic-gb = حجم به گیگابایت (۰ برای نامحدود)
console-plan-days = روز
console-plan-policy = هنگام تمدید
console-plan-add = افزودن پلن
console-plan-hide = پنهان کردن
console-plan-show = گذاشتن در فروش
console-plan-delete-confirm = این پلن حذف شود؟ پلنی که فروخته شده به جای حذف پنهان می‌شود.
console-code = کد
console-code-discount = تخفیف
console-code-uses = استفاده‌شده
console-code-once = یک بار برای هر مشتری
console-code-until = معتبر تا
console-code-add = افزودن یا تغییر کد
console-code-percent = درصد تخفیف (یا خالی)
console-code-amount = تخفیف به تومان (یا خالی)
console-code-max-uses = بیشترین دفعات (۰ برای بی‌حد)
console-code-valid-days = اعتبار به روز (خالی برای بی‌پایان)
console-code-on = روشن کردن
console-code-off = خاموش کردن
console-code-delete-confirm = این کد حذف شود؟ کدی که استفاده شده به جای حذف خاموش می‌شود.
console-setting-payment-window-hours = مهلت پرداخت (ساعت)
console-setting-trial-days = مدت آزمایشی (روز)
console-setting-trial-gb = حجم آزمایشی (گیگابایت)
console-setting-referral-percent = سهم معرفی (درصد)
console-setting-topup-min = کمترین شارژ (تومان)
console-setting-topup-max = بیشترین شارژ (تومان)
console-setting-support-hours = ساعت پشتیبانی
console-setting-cards = کارت‌های کارت‌به‌کارت (هر خط یکی: شماره، سپس نام صاحب کارت)
console-setting-invalid = «{ $setting }» معتبر نیست.
console-broadcast-new = پیام همگانی تازه
console-broadcast-audience = مخاطبان
console-broadcast-audience-invalid = مخاطبان را انتخاب کنید.
console-broadcast-text = پیام
console-broadcast-draft = ذخیرهٔ پیش‌نویس
console-broadcast-progress = پیشرفت
console-broadcast-title = پیام همگانی #{ $id }
console-broadcast-delivered = رسیده
console-broadcast-blocked = مسدودکرده
console-broadcast-failed = ناموفق
console-broadcast-remaining = مانده
console-broadcast-confirm = ارسال
console-broadcast-pause = توقف
console-broadcast-resume = ادامه
console-broadcast-cancel = لغو
console-audience-all = همه
console-audience-active = مشتریان با اشتراک فعال
console-audience-expired = مشتریانی که اشتراکشان تمام شده
console-state-awaiting-payment = در انتظار پرداخت
console-state-receipt-submitted = رسید در انتظار
console-state-paid = پرداخت‌شده
console-state-fulfilling = در حال انجام
console-state-fulfilled = انجام‌شده
console-state-rejected = ردشده
console-state-cancelled = لغوشده
console-state-draft = پیش‌نویس
console-state-sending = در حال ارسال
console-state-paused = متوقف
console-state-done = پایان‌یافته
console-state-moving = در حال انتقال
console-state-revoking = در حال لغو
console-signed-out = نشست شما در کنسول به پایان رسیده (یا آغاز نشده) است، پس چیزی تغییر نکرد. وارد شوید و دوباره امتحان کنید.
## Auto-renew from the wallet
sub-autorenew-on-button = 🔁 تمدید خودکار: روشن
sub-autorenew-off-button = 🔁 تمدید خودکار: خاموش
sub-autorenew-now-on = 🔁 تمدید خودکار برای <b>{ $name }</b> روشن شد: { $days } روز پیش از پایان، اگر موجودی کیف پول کافی باشد، خودش تمدید می‌شود.
sub-autorenew-now-off = تمدید خودکار برای <b>{ $name }</b> خاموش شد.
notify-auto-renewed = 🔁 <b>{ $name }</b> به‌طور خودکار تمدید شد: { $amount } از کیف پول شما پرداخت شد (سفارش <code>#{ $order }</code>). موجودی: { $balance }.
notify-auto-renew-low-balance = 🔁 <b>{ $name }</b> در { $date } تمام می‌شود. تمدید خودکار { $amount } لازم دارد اما کیف پول شما { $balance } دارد: برای ادامه { $missing } شارژ کنید.
admin-receipt-duplicate = ⚠️ همین عکس پیش‌تر به‌عنوان رسید سفارش <code>#{ $order }</code> فرستاده شده است.
console-setting-toman-per-usd = تومان به ازای هر دلار (قیمت رمزارز؛ ۰ رمزارز را خاموش می‌کند)
console-setting-auto-renew-days-before = تمدید خودکار چند روز پیش از پایان
console-setting-required-channels = کانال‌هایی که مشتری باید عضوشان باشد (‎@نام، با فاصله جدا؛ خالی برای هیچ)

## Money messages
notify-gift-received = 🎁 یک هدیه دریافت کردید: <b>{ $name }</b>. هم‌اکنون برایتان آماده می‌شود.
notify-balance-adjusted = 👛 مدیر موجودی کیف پول شما را { $amount } تغییر داد. موجودی تازه: <b>{ $balance }</b>.
notify-ticket-closed = ✅ تیکت پشتیبانی <code>#{ $ticket }</code> شما توسط پشتیبانی بسته شد. اگر کار دیگری دارید با /support بنویسید.
notify-referral-credited = 🤝 دوستی که دعوت کرده بودید خرید کرد: { $amount } به کیف پول شما اضافه شد. موجودی: <b>{ $balance }</b>.
admin-settings-refrule = 🤝 قاعده معرفی
admin-settings-ask-refrule = ۱ بفرستید تا پاداش معرفی فقط برای نخستین خرید هر دوست باشد، یا ۲ برای هر خرید.
admin-settings-refrule-line = 🤝 پاداش معرفی: { $rule }
admin-settings-refrule-first = فقط نخستین خرید
admin-settings-refrule-every = هر خرید
console-plan-stars = قیمت به ستارهٔ تلگرام (خالی: با ستاره فروخته نمی‌شود)
