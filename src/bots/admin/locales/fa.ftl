## ربات مدیریت: عبارت‌هایی که هنوز در کاتالوگ مشترک (src/bots/locales) نیستند. همان کلیدها در en.ftl.

admin-help = فرمان‌ها: /start منو · /receipts · /servers · /plans · /users · /codes · /broadcast · /stats · /tickets · /settings · /cancel
admin-back = ⬅️ بازگشت
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
admin-server-no-inbounds = این پنل هنوز اینباندی ندارد؛ در S-UI یکی بسازید و سپس سرور را دوباره اضافه کنید.
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

admin-code-enable = 🟢 فعال‌سازی
admin-code-disable = ⚪ غیرفعال‌سازی
admin-code-edit = ✏️ { $code }
admin-code-inactive = (غیرفعال)
admin-code-value-percent = ٪{ $value }
admin-code-no-limit = ∞
admin-code-no-end = بدون پایان
admin-code-enabled = کد <code>{ $code }</code> قابل استفاده است.
admin-code-disabled = کد <code>{ $code }</code> دیگر قابل استفاده نیست.

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
