## Admin bot: words not in the shared catalogue yet (src/bots/locales). Same keys in fa.ftl.

admin-help = Commands: /start menu · /receipts · /servers · /plans · /users · /codes · /broadcast · /stats · /tickets · /settings · /cancel
admin-back = ⬅️ Back
admin-cancel = ✖️ Cancel
admin-confirm-yes = ✅ Yes, do it
admin-failed = ❌ { $error }
admin-not-a-number = Send a whole number, e.g. { $example }.
admin-stale-button = This button no longer works; open the menu again with /start.
admin-nothing-pending = Nothing is waiting for your answer. Use /start for the menu.

admin-receipts-title = 🧾 { $count } receipts are waiting; the oldest come first.
admin-receipt-photo-missing = (the receipt photo could not be loaded)
admin-receipt-for-renewal = renewal of { $plan }
admin-receipt-for-traffic = traffic pack { $plan }
admin-decided-toast = Done: { $decision ->
        [approved] approved
       *[rejected] rejected
    }.
admin-topup-amount-invalid = The amount is a whole number of Toman greater than 0.
admin-reason-invalid = A reason is 1 to 500 characters.

admin-server-card = { $state } <b>{ $name }</b> (<code>{ $id }</code>)
    Panel: <code>{ $url }</code>
    Group: { $group } · inbounds { $inbounds }
    Clients: { $clients }/{ $capacity } · latency { $latency } ms
admin-server-no-latency = —
admin-server-unlimited = ∞
admin-server-probe = 🔎 Probe now
admin-server-probing = Probing <b>{ $name }</b>…
admin-server-token-deleted = 🔒 Token received; your message with it was deleted from this chat.
admin-server-pick-inbounds = Pick the inbounds new clients are linked to, then tap Done.
admin-server-inbound-button = { $picked ->
        [yes] ✅
       *[no] ▫️
    } { $id } · { $tag } ({ $protocol })
admin-server-inbounds-done = ✅ Done
admin-server-inbounds-none = Pick at least one inbound.
admin-server-no-inbounds = The panel has no inbounds yet; create one in S-UI, then add the server again.
admin-server-retire-confirm = Retire <b>{ $name }</b> for good? It is no longer watched and takes no clients.

admin-plan-card = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> (<code>{ $id }</code>)
    Price: { $price }
    Traffic: { $traffic } · { $days } days
    Renewal: { $policy }
    Server group: { $group }
admin-plan-unlimited = unlimited
admin-plan-ask-field = What do you want to change?
admin-plan-field-name = Name
admin-plan-field-price = Price
admin-plan-field-traffic = Traffic
admin-plan-field-days = Days
admin-plan-field-policy = Renewal
admin-plan-field-group = Server group
admin-plan-policy-reset-button = 🔄 Reset
admin-plan-policy-stack-button = ➕ Carry over
admin-plan-kept = Plan <b>{ $name }</b> was sold before, so it is kept for the record and taken off sale.

admin-code-enable = 🟢 Enable
admin-code-disable = ⚪ Disable
admin-code-edit = ✏️ { $code }
admin-code-inactive = (disabled)
admin-code-value-percent = { $value }%
admin-code-no-limit = ∞
admin-code-no-end = no end
admin-code-enabled = Code <code>{ $code }</code> can be used.
admin-code-disabled = Code <code>{ $code }</code> can no longer be used.

admin-user-username-none = —
admin-user-subs-title = 📄 Subscriptions:
admin-user-sub-line = { $state } <code>{ $id }</code> { $title } — { $used } of { $total } · until { $date }
admin-user-orders-title = 🧾 Last orders:
admin-user-order-line = <code>#{ $order }</code> { $kind } · { $amount } · { $state } · { $date }
admin-user-ledger-title = 💰 Ledger:
admin-user-none = none
admin-user-adjust-invalid = Send an amount and a reason, e.g. “-50000 refund”; the amount is a whole number of Toman, not 0.
admin-user-adjust-insufficient = The balance cannot go below zero: it is { $balance }.
admin-user-gift-ask = Pick the plan to gift.
admin-user-open-sub = 📄 { $id }

admin-sub-card = 📄 Subscription <code>{ $id }</code> of <code>{ $customer }</code>
    { $title } · { $state }
    Used { $used } of { $total } · until { $date }
    Server: { $server }
    Link: <code>{ $link }</code>
admin-sub-move-ask = Pick the server to move subscription <code>{ $subscription }</code> to.
admin-sub-move-none = No other healthy server to move it to.
admin-sub-revoke-confirm = Revoke subscription <code>{ $subscription }</code>? The client is deleted from the panel.

admin-settings = ⚙️ Settings
    Cards:
    { $cards }
    Payment window: { $window } hours
    Trial: { $trialVolume } for { $trialDays } days
    Referral share: { $referral }%
    Support hours: { $supportHours }
admin-settings-card-line = <code>{ $number }</code> — { $holder }
admin-settings-cards = 💳 Cards
admin-settings-window = ⏳ Payment window
admin-settings-trial-volume = 🎁 Trial volume
admin-settings-trial-days = 🎁 Trial days
admin-settings-referral = 🤝 Referral share
admin-settings-hours = 🕘 Support hours
admin-settings-ask-cards = Send the card numbers, one per line: the 16 digits, then the holder's name.
admin-settings-ask-window = Send the payment window in hours (1 to 168).
admin-settings-ask-trial-volume = Send the trial volume in GB.
admin-settings-ask-trial-days = Send the trial length in days (1 to 30).
admin-settings-ask-referral = Send the referral share in percent (0 to 50).
admin-settings-ask-hours = Send the support hours as customers should read them.
admin-settings-saved = ✅ Settings saved.

admin-broadcast-audience = { $label } ({ $count })
admin-broadcast-preview = 👁 Preview: customers will get the message above.
admin-broadcast-preview-failed = Telegram refused this text ({ $error }). Fix it and send it again.
admin-broadcast-send = ✅ Send
admin-broadcast-pause = ⏸ Pause
admin-broadcast-resume = ▶️ Resume
admin-broadcast-stop = ⛔ Cancel broadcast
admin-broadcast-refresh = 🔄 Refresh
admin-broadcast-paused = ⏸ Broadcast paused: { $delivered } delivered · { $blocked } blocked · { $failed } failed · { $remaining } to go
admin-broadcast-cancelled = ⛔ Broadcast cancelled: { $delivered } delivered · { $blocked } blocked · { $failed } failed.
admin-broadcast-draft-dropped = The broadcast was not sent.
admin-alert-broadcast-stalled = ⚠️ Broadcast <code>#{ $id }</code> paused itself: { $error }
    Resume it from /broadcast when Telegram answers again.
admin-broadcasts-running = Broadcasts still running or paused:

admin-ticket-line = <code>#{ $ticket }</code> · { $customer } (<code>{ $customerId }</code>) · { $date }
    { $text }
admin-ticket-open = 💬 #{ $ticket }
admin-ticket-not-open = Ticket <code>#{ $ticket }</code> is closed.

admin-duration-minutes = { $minutes } min
admin-duration-hours = { $hours } h { $minutes } min
admin-drift-details = { $count } clients on the panel that subkeeper does not know: { $names }
