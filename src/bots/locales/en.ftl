# subkeeper — English. Messages are Telegram HTML (t() escapes arguments; ids and links go in <code>); button labels,
# toasts and command descriptions are plain text (tPlain()), so keep tags and entities out of them.
# Numbers passed as numbers are formatted for the language; pass ids, order numbers and codes as strings.
# Keep the keys and the variables of each message the same as in fa.ftl (test/bots/locales.test.ts checks).

## Shared words and formats

language-name = English
price-toman = { $amount } Toman
bytes-gb = { $n } GB
bytes-mb = { $n } MB
traffic-unlimited = Unlimited
days-count = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
button-back = « Back
button-cancel = Cancel
button-confirm = ✅ Confirm
button-main-menu = 🏠 Main menu

## Errors and refusals

error-generic = Something went wrong on our side. Please try again in a moment.
error-rate-limited = You're going a little fast. Please wait a few seconds and try again.
error-button-expired = This button is no longer valid. Open the menu again with /start.
error-unknown-command = I don't know that command. Send /help to see what I can do.
error-expected-photo = Please send the receipt as a photo (not a file or text).
error-bad-input = That doesn't look right. { $hint }
error-too-long = That message is too long. Please keep it under { $max } characters.
banned = Your account has been suspended. If you think this is a mistake, contact support.

## Start and the main menu

start-welcome = Hi { $name }! 👋
    Welcome to <b>{ $shop }</b>. Fast, stable VPN subscriptions that work with every popular app.
start-referred = You joined with an invitation from a friend. Welcome!
menu-title = What would you like to do?
menu-plans = 🛒 Buy a subscription
menu-subscriptions = 📋 My subscriptions
menu-wallet = 💰 Wallet
menu-trial = 🎁 Free trial
menu-support = 💬 Support
menu-help = 📚 Apps and guides
menu-language = 🌐 زبان / Language
menu-referral = 🤝 Invite friends
menu-agent = 🧑‍💼 Agent panel
agent-not-agent = This section is for the shop's agents. If you'd like to resell, write to support.
agent-panel = 🧑‍💼 <b>Agent panel</b>
    Wallet: <b>{ $balance }</b>
    Pick a plan to buy subscriptions for your customers at your agent price; you pay from the wallet.
agent-ask-names = Buying <b>{ $plan }</b> at <b>{ $price }</b> each. Send your customers' names, one per line (up to { $max }). Each subscription goes by its name.
agent-names-invalid = Send 1 to { $max } names, one per line, each up to { $length } characters.
agent-confirm = Buy { $count ->
        [one] one subscription
       *[other] { $count } subscriptions
    } of <b>{ $plan }</b> for:
    { $names }
    Total: <b>{ $total }</b> from your wallet (balance: { $balance }).
agent-confirm-button = ✅ Buy and pay from the wallet
agent-insufficient = Your wallet ({ $balance }) doesn't cover { $total }. Top up { $missing } first.
agent-bought = ✅ { $count ->
        [one] One subscription bought
       *[other] { $count } subscriptions bought
    }: { $names }.
    Each link arrives here as soon as it's ready; all of them are in “My subscriptions”, where you renew them too.
agent-failed-line = ⚠️ Not bought for { $name }: { $reason }
referral-info = Share your invitation link. You receive { $share }% of every purchase your friends make, credited to your wallet.
    <code>{ $link }</code>
referral-info-first = Share your invitation link. You receive { $share }% of each friend's first purchase, credited to your wallet.
    <code>{ $link }</code>

## Commands (setMyCommands)

command-start = Main menu
command-plans = Plans and prices
command-subs = My subscriptions
command-wallet = Wallet balance and top-up
command-trial = Free trial
command-support = Contact support
command-lang = Change language
command-help = Apps and setup guides

## Language

language-choose = Choose your language:
language-changed = Done — I'll speak English from now on.

## Plans

plans-title = Choose a plan:
plans-empty = No plans are on sale right now. Please check back soon.
plans-group = 📍 { $group }
plan-button = { $name } · { $price }
plan-details = <b>{ $name }</b>
    Traffic: { $traffic }
    Duration: { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
    Price: <b>{ $price }</b>

## Buying: discount code, payment method, order

buy-summary = You're buying <b>{ $plan }</b> for <b>{ $price }</b>.
buy-discount-ask = Have a discount code? Send it now, or tap “No code”.
buy-discount-button = 🏷 I have a discount code
buy-discount-skip = No code
discount-applied = Code <code>{ $code }</code> applied: { $discount } off. New price: <b>{ $price }</b>.
discount-invalid = The code <code>{ $code }</code> is not valid.
discount-expired = The code <code>{ $code }</code> has expired.
discount-used-up = The code <code>{ $code }</code> has reached its usage limit.
discount-already-used = You have already used the code <code>{ $code }</code>.
discount-lost-full-price = You can still buy it at the full price: <b>{ $price }</b>.
payment-choose = How would you like to pay <b>{ $price }</b>?
payment-card = 💳 Card-to-card
payment-wallet = 👛 From wallet (balance: { $balance })
payment-wallet-insufficient = Your wallet balance ({ $balance }) doesn't cover this. Top up { $missing } or pay card-to-card.
payment-wallet-paid = ✅ { $price } was paid from your wallet for order <code>#{ $order }</code>. Your subscription is being set up…
order-created = Order <code>#{ $order }</code> is created.
order-already-pending = You already have an order waiting for payment: <code>#{ $order }</code>.
card-instructions = To pay for order <code>#{ $order }</code>, transfer exactly <b>{ $amount }</b> to one of these cards:
    { $cards }
    Then send a photo of the receipt here within { $hours } hours. Transfers of a different amount can't be matched.
card-line = <code>{ $number }</code> — { $holder }
receipt-received = 📥 Receipt received for order <code>#{ $order }</code>.
receipt-waiting = ⏳ Your receipt is waiting for approval. You'll get a message here as soon as it's checked.
receipt-already-waiting = ⏳ The receipt for order <code>#{ $order }</code> is already waiting for approval; this photo was not added. You'll get a message here as soon as it's checked. If you sent the wrong photo, write to support.
receipt-not-expected = I'm not expecting a receipt right now. To pay, choose a plan first.
join-required = 📢 To buy or try a subscription, please join { $channels } first, then tap “I've joined”.
join-button = 📢 Join { $channel }
join-done-button = ✅ I've joined
join-thanks = ✅ Thanks for joining! Plans and the free trial are open to you now.
join-still-missing = You haven't joined { $channels } yet. Join, then tap “I've joined” again.

## Wallet

wallet-balance = 💰 Your wallet balance: <b>{ $balance }</b>
wallet-topup-button = ➕ Top up
wallet-topup-ask = How much would you like to add? Send an amount in Toman (at least { $min }).
wallet-topup-invalid-amount = Please send a whole number of Toman, at least { $min }.
wallet-topup-instructions = To top up your wallet, transfer exactly <b>{ $amount }</b> to one of these cards:
    { $cards }
    Then send a photo of the receipt here within { $hours } hours.

## Free trial

trial-granted = 🎁 Your free trial is ready: { $traffic } for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
    Subscription link (tap to copy):
    <code>{ $link }</code>
trial-already-used = You've already used your free trial. Take a look at the plans to keep going.
trial-unavailable = The free trial isn't available right now.

## My subscriptions

subs-title = Your subscriptions:
subs-empty = You have no subscriptions yet. Tap “Buy a subscription” to get one.
sub-state-provisioning = ⏳ Being set up
sub-state-active = ✅ Active
sub-state-limited = ⛔ Out of traffic
sub-state-expired = ⌛ Expired
sub-state-revoked = 🚫 Revoked
sub-state-failed = ⚠️ Setup delayed — we're on it
sub-title = <b>{ $name }</b> — { $state }
sub-usage = Used { $used } of { $total } ({ $percent }%)
    { $bar }
sub-usage-unlimited = Used { $used } (unlimited)
sub-days-left = { $days ->
        [0] Expires today ({ $date })
        [one] { $days } day left (until { $date })
       *[other] { $days } days left (until { $date })
    }
sub-expired-on = Expired on { $date }
sub-link = Subscription link (tap to copy):
    <code>{ $link }</code>
sub-qr-caption = QR code for <b>{ $name }</b>. Scan it in your app to import the subscription.
sub-renew-button = 🔄 Renew
sub-traffic-button = ➕ Add traffic
sub-guide-button = 📚 App guide
sub-qr-button = 🔳 QR code
renew-choose = Renew <b>{ $name }</b> with which plan?
renew-policy-reset = After renewal the traffic starts again from the plan's volume.
renew-policy-stack = After renewal your remaining traffic carries over.
renew-from = The new period starts { $date }.
traffic-pack-choose = Choose a traffic pack for <b>{ $name }</b>:
traffic-pack-button = { $traffic } · { $price }
traffic-pack-not-allowed = Traffic can be added only to an active or out-of-traffic subscription.

## Support

support-intro = Write your question and send it here; our team replies in this chat.
support-hours = Support hours: { $hours }.
support-received = ✅ Your message reached support (ticket <code>#{ $ticket }</code>). We'll reply here.
support-closed = Ticket <code>#{ $ticket }</code> is closed. Write again anytime.

## Help and app guides

help-intro = Pick your app for a short setup guide. The same subscription link works in all of them.
help-import-link = Import in one tap: { $link }
help-app-v2rayng = <b>V2rayNG</b> (Android)
    1. Install V2rayNG from Google Play or GitHub.
    2. Copy your subscription link.
    3. Tap ☰ → Subscription group setting → + , paste the link and save.
    4. Back on the main screen tap ⋮ → Update subscription, pick a server and tap ▶.
help-app-hiddify = <b>Hiddify</b> (Android, iOS, Windows, macOS, Linux)
    1. Install Hiddify.
    2. Copy your subscription link.
    3. Tap “+ New profile” → “Add from clipboard”.
    4. Tap the big connect button.
help-app-v2box = <b>V2Box</b> (iOS, macOS)
    1. Install V2Box from the App Store.
    2. Copy your subscription link.
    3. Open the Configs tab → + → “Add subscription”, paste the link and save.
    4. Pick a server and tap Connect.
help-app-streisand = <b>Streisand</b> (iOS, macOS)
    1. Install Streisand from the App Store.
    2. Copy your subscription link.
    3. Tap + → “Add from clipboard”.
    4. Pick a server and turn the switch on.
help-app-shadowrocket = <b>Shadowrocket</b> (iOS, macOS)
    1. Install Shadowrocket from the App Store.
    2. Copy your subscription link.
    3. Open the app; it offers to add the copied link — tap Add. Or tap + → Type: Subscribe and paste it.
    4. Pick a server and turn the switch on.
help-app-singbox = <b>sing-box</b> (Android, iOS, macOS)
    1. Install sing-box (SFA, SFI or SFM).
    2. Copy your subscription link.
    3. Profiles → New profile → Type: Remote, paste the link as the URL and create it.
    4. Dashboard → select the profile → Start.
help-app-nekobox = <b>NekoBox</b> (Android)
    1. Install NekoBox for Android from GitHub.
    2. Copy your subscription link.
    3. Tap the + at the top → “Import from clipboard”, or Groups → + → Subscription and paste the link.
    4. Pick a server and tap the connect button.

## Notifications to customers

notify-traffic-80 = ⚠️ You've used 80% of the traffic of <b>{ $name }</b> ({ $used } of { $total }). Renew or add traffic to stay connected.
notify-traffic-95 = ⚠️ Only 5% of the traffic of <b>{ $name }</b> is left ({ $used } of { $total } used). Add traffic now to avoid interruption.
notify-expires-3d = ⏰ <b>{ $name }</b> expires in 3 days, on { $date }. Renew now so you don't lose access.
notify-expires-1d = ⏰ <b>{ $name }</b> expires tomorrow, { $date }. Renew now so you don't lose access.
notify-expired = ⌛ <b>{ $name }</b> has expired. Renew it to connect again; your link stays the same.
notify-limited = ⛔ <b>{ $name }</b> has run out of traffic. Add traffic or renew to connect again.
notify-provisioned = ✅ Your subscription <b>{ $name }</b> is ready!
    Traffic: { $total }
    Valid until: { $date }
    Subscription link (tap to copy):
    <code>{ $link }</code>
notify-traffic-added = ➕ { $traffic } was added to <b>{ $name }</b>. Now: { $used } of { $total } used.
notify-renewed = 🔄 <b>{ $name }</b> is renewed until { $date }. Traffic: { $total }.
notify-order-expired = ⌛ Order <code>#{ $order }</code> expired because no receipt arrived within { $hours } hours. You can order again anytime.
notify-receipt-rejected = ❌ Your receipt for order <code>#{ $order }</code> was not approved.
    Reason: { $reason }
    If you think this is a mistake, contact support.
notify-payment-approved = ✅ Payment for order <code>#{ $order }</code> is approved. Your subscription is being set up…
notify-topup-approved = ✅ { $amount } was added to your wallet. New balance: <b>{ $balance }</b>.
notify-topup-rejected = ❌ Your wallet top-up receipt was not approved.
notify-resent = <i>↻ Sent again: an earlier copy of this message may already have reached you.</i>
    Reason: { $reason }
notify-support-reply = 💬 Support replied (ticket <code>#{ $ticket }</code>):
    { $text }

## Admin bot

admin-refusal = This bot is for administrators only.
admin-cancelled = Cancelled.
admin-menu-title = 🛠 Admin panel
admin-menu-receipts = 🧾 Receipts ({ $count })
admin-menu-servers = 🖥 Servers
admin-menu-plans = 📦 Plans
admin-menu-users = 👤 Users
admin-menu-codes = 🏷 Discount codes
admin-menu-broadcast = 📣 Broadcast
admin-menu-stats = 📊 Stats
admin-menu-tickets = 💬 Tickets ({ $count })
admin-menu-settings = ⚙️ Settings

admin-receipts-empty = No receipts are waiting. 🎉
admin-receipt-card = 🧾 Receipt for order <code>#{ $order }</code>
    Customer: { $customer } (<code>{ $customerId }</code>)
    For: { $what }
    Amount: <b>{ $amount }</b>
    Sent: { $date }
admin-receipt-for-plan = plan { $plan }
admin-receipt-for-topup = wallet top-up
admin-approve = ✅ Approve
admin-reject = ❌ Reject
admin-reject-ask-reason = Send the reason for rejecting order <code>#{ $order }</code>. The customer will see it.
admin-topup-ask-amount = Send the amount in Toman to credit for order <code>#{ $order }</code> (the receipt says { $amount }).
admin-approved-by = ✅ Approved by { $admin } at { $date }.
admin-rejected-by = ❌ Rejected by { $admin } at { $date }.
    Reason: { $reason }
admin-already-decided = This receipt was already { $decision ->
        [approved] approved
       *[rejected] rejected
    } by { $admin } at { $date }.

admin-servers-title = 🖥 Servers:
admin-servers-empty = No servers yet. Add one to start selling.
admin-server-state = { $state ->
        [healthy] 🟢 Healthy
        [degraded] 🟡 Degraded
        [down] 🔴 Down
        [draining] 🟠 Draining
        [retired] ⚫ Retired
       *[other] ⚪ Checking
    }
admin-server-line = { $state } <b>{ $name }</b> — { $clients }/{ $capacity } clients · { $latency } ms
admin-server-last-error = Last error: { $error }
admin-server-add = ➕ Add server
admin-server-ask-name = Send a name for the server (e.g. de-1).
admin-server-ask-url = Send the panel URL (e.g. https://panel.example.com:2095/app).
admin-server-ask-token = Send the panel's API token.
admin-server-ask-sub-url = Send the subscription URL base, or /skip to use the panel's.
admin-server-ask-inbounds = Send the inbound ids to use, separated by commas (e.g. 1,2).
admin-server-ask-capacity = Send the maximum number of clients, or /skip for no limit.
admin-server-testing = Testing the connection…
admin-server-test-failed = ❌ Could not connect: { $error }
    Nothing was saved.
admin-server-saved = ✅ Server <b>{ $name }</b> saved ({ $clients } clients found on the panel).
admin-server-drain = 🟠 Drain
admin-server-resume = ▶️ Resume
admin-server-retire = ⚫ Retire
admin-server-drained = Server <b>{ $name }</b> takes no new clients now.
admin-server-resumed = Server <b>{ $name }</b> takes new clients again.
admin-server-retired = Server <b>{ $name }</b> is retired.

admin-plans-title = 📦 Plans:
admin-plans-empty = No plans yet.
admin-plan-line = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> — { $price } · { $traffic } · { $days } d · { $policy }
admin-plan-policy-reset = reset traffic on renewal
admin-plan-policy-stack = carry traffic over on renewal
admin-plan-add = ➕ Add plan
admin-plan-edit = ✏️ Edit
admin-plan-enable = 🟢 Enable
admin-plan-disable = ⚪ Disable
admin-plan-delete = 🗑 Delete
admin-plan-ask-name = Send the plan's name.
admin-plan-ask-price = Send the price in Toman.
admin-plan-ask-traffic = Send the traffic in GB (0 for unlimited).
admin-plan-ask-days = Send the duration in days.
admin-plan-ask-policy = On renewal, should traffic reset or carry over?
admin-plan-ask-group = Send the server group, or /skip.
admin-plan-saved = ✅ Plan <b>{ $name }</b> saved.
admin-plan-enabled = Plan <b>{ $name }</b> is on sale.
admin-plan-disabled = Plan <b>{ $name }</b> is no longer on sale.
admin-plan-deleted = Plan <b>{ $name }</b> deleted.

admin-users-ask = Send a Telegram id or @username.
admin-user-not-found = No customer matches { $query }.
admin-user-card = 👤 <b>{ $name }</b> { $username } <code>{ $id }</code>
    Joined: { $date }
    Balance: { $balance }
    Subscriptions: { $subs } · Orders: { $orders }
admin-user-banned-note = 🚫 Banned
admin-user-ban = 🚫 Ban
admin-user-unban = ✅ Unban
admin-user-banned = Customer <code>{ $id }</code> is banned.
admin-user-unbanned = Customer <code>{ $id }</code> is unbanned.
admin-user-adjust = 💰 Adjust balance
admin-user-adjust-ask = Send an amount in Toman (negative to deduct) and a reason, e.g. “-50000 refund”.
admin-user-adjusted = Balance changed by { $amount }. New balance: <b>{ $balance }</b>.
admin-user-ledger-line = { $date } · { $amount } · { $reason }
admin-user-gift = 🎁 Gift a subscription
admin-user-gifted = 🎁 Subscription <b>{ $plan }</b> gifted to <code>{ $id }</code>.
admin-user-agent-note = 🧑‍💼 Agent: { $discount }% off every plan · { $prices } plans at their own price
admin-user-make-agent = 🧑‍💼 Make agent
admin-user-agent-edit = 🧑‍💼 Agent terms
admin-user-agent-remove = ✖️ End agent
admin-user-agent-ask = Send the agent's discount off every plan in percent (0 to 90). To give some plans their own agent price, add a line “PLAN_ID PRICE” for each, e.g.
    20
    3 120000
admin-user-agent-invalid = { $hint }. Send the discount, then optional “PLAN_ID PRICE” lines.
admin-user-agent-saved = ✅ <code>{ $id }</code> is an agent: { $discount }% off every plan, { $prices } plans at their own price.
admin-user-agent-removed = <code>{ $id }</code> is no longer an agent; their subscriptions stay theirs.

admin-sub-resync = 🔄 Resync
admin-sub-revoke = 🚫 Revoke
admin-sub-move = ↪️ Move to another server
admin-sub-resynced = Subscription <code>{ $subscription }</code> resynced from the panel.
admin-sub-revoked = Subscription <code>{ $subscription }</code> revoked.
admin-sub-moved = Subscription <code>{ $subscription }</code> moved to <b>{ $server }</b>; the customer's link is unchanged.
admin-sub-retry = 🔁 Retry provisioning
admin-sub-retried = Subscription <code>{ $subscription }</code> is being provisioned again.
admin-sub-retry-not-failed = This subscription is { $state } now, so there is nothing to retry.

admin-codes-title = 🏷 Discount codes:
admin-codes-empty = No discount codes yet.
admin-code-line = <code>{ $code }</code> — { $value } · used { $used }/{ $max } · until { $date }
admin-code-add = ➕ Add code
admin-code-ask = Send: CODE percent|amount VALUE MAX_USES DAYS_VALID (e.g. “NOWRUZ percent 20 100 14”).
admin-code-invalid = That doesn't match the format. { $hint }
admin-code-problem-code = a code is 3 to 32 letters, digits, - or _
admin-code-problem-percent-or-amount = give either a percent or an amount
admin-code-problem-percent = percent is 1 to 100
admin-code-problem-amount = amount is a whole number of Toman
admin-code-problem-max-uses = max uses is 0 (unlimited) or more
admin-code-problem-parts = five parts are needed
admin-code-problem-kind = the kind is percent or amount
admin-code-problem-numbers = VALUE, MAX_USES and DAYS_VALID are whole numbers
admin-code-saved = ✅ Code <code>{ $code }</code> saved.
admin-code-deleted = Code <code>{ $code }</code> deleted.
admin-code-delete = 🗑 Delete

admin-broadcast-ask-audience = Who should receive the broadcast?
admin-broadcast-all = 👥 All customers
admin-broadcast-active = ✅ Customers with an active subscription
admin-broadcast-expired = ⌛ Customers whose subscription expired
admin-broadcast-ask-text = Send the message to broadcast.
admin-broadcast-confirm = Send this message to { $count } customers?
admin-broadcast-started = 📣 Broadcast started.
admin-broadcast-progress = 📣 Broadcast: { $delivered } delivered · { $blocked } blocked · { $failed } failed · { $remaining } to go
admin-broadcast-done = 📣 Broadcast finished: { $delivered } delivered · { $blocked } blocked · { $failed } failed.

admin-stats = 📊 Stats
    Customers: { $customers } (+{ $newToday } today)
    Active subscriptions: { $active }
    Revenue today: { $revenueToday }
    Revenue 7 days: { $revenue7d }
    Revenue 30 days: { $revenue30d }
    Pending receipts: { $pendingReceipts }
    Provisioning failures: { $provisioningFailures }
admin-stats-server-line = { $name }: { $clients }/{ $capacity }
admin-stats-agents = 🧑‍💼 Agents: { $agents } · bought in 30 days: { $orders } orders, { $amount }

admin-alert-new-receipt = 🧾 New receipt for order <code>#{ $order }</code> from { $customer } — { $amount }.
admin-backup-caption = 🗄 Backup of the store, { $date }: { $orders } orders, { $subscriptions } subscriptions.
    It opens only with this install's SECRET_KEY (or its key file). To restore: stop subkeeper, then <code>subkeeper restore { $file }</code>
admin-alert-server-down = 🔴 Server <b>{ $name }</b> is down: { $error }
admin-alert-server-recovered = 🟢 Server <b>{ $name }</b> is back after { $duration }.
admin-alert-provisioning-failed = ⚠️ Provisioning failed for subscription <code>{ $subscription }</code> of { $customer } after { $attempts } attempts: { $error }
admin-alert-fulfil-failed = ⚠️ Order <code>#{ $order }</code> of { $customer } was paid but could not be fulfilled: { $error }
admin-alert-drift = 🔍 The sync found drift on <b>{ $name }</b>: { $details }
admin-alert-channel-unchecked = ⚠️ The customers' bot cannot check who has joined { $channel }: { $error }
    Make it an administrator of the channel (or fix the name in /settings). Until then customers are not asked to join it.
admin-alert-notice-undelivered = 📭 { $customer } (<code>{ $customerId }</code>) did not get the message “{ $what }”{ $order }: { $reason }
    Their subscriptions and link are in their card (/users), and in /subs on their side.
admin-undelivered-order = , order <code>#{ $order }</code>
admin-notice-kind-provisioned = your subscription is ready (link and QR)
admin-notice-kind-renewed = your subscription is renewed
admin-notice-kind-traffic-added = traffic added
admin-notice-kind-payment-approved = payment received, subscription being set up
admin-notice-kind-receipt-rejected = receipt not approved
admin-notice-kind-order-expired = order expired
admin-notice-kind-topup-approved = wallet top-up approved
admin-notice-kind-topup-rejected = wallet top-up not approved
admin-notice-kind-support-reply = support's reply

admin-tickets-title = 💬 Open tickets:
admin-tickets-empty = No open tickets.
admin-ticket-message = 💬 Ticket <code>#{ $ticket }</code> from { $customer } (<code>{ $customerId }</code>):
    { $text }
admin-ticket-reply = ↩️ Reply
admin-ticket-close = ✔️ Close
admin-ticket-reply-ask = Send your reply to ticket <code>#{ $ticket }</code>.
admin-ticket-replied = ✅ Reply sent.
admin-ticket-closed = Ticket <code>#{ $ticket }</code> closed.

## Admin bot (continued)

## Admin bot: words not in the shared catalogue yet (src/bots/locales). Same keys in fa.ftl.

admin-help = Commands: /start menu · /receipts · /servers · /plans · /users · /codes · /broadcast · /stats · /tickets · /settings · /cancel
admin-command-start = Admin panel
admin-command-receipts = Receipts waiting for a decision
admin-command-servers = Servers and their health
admin-command-plans = Plans and traffic packs
admin-command-users = Find a customer
admin-command-codes = Discount codes
admin-command-broadcast = Send a broadcast
admin-command-stats = Stats
admin-command-tickets = Open support tickets
admin-command-settings = Settings
admin-command-cancel = Cancel what you are typing
admin-back = ⬅️ Back
admin-page-previous = ◀️ Previous
admin-page-next = Next ▶️
admin-page-of = { $page } / { $pages }
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
admin-server-no-inbounds = The panel has no inbounds yet; create one on the panel, then add the server again.
admin-server-ask-kind = Which panel runs on this server?
admin-server-kind = { $kind ->
        [sui] S-UI
        [xui] 3x-ui
        [marzban] Marzban
        [pasarguard] PasarGuard
        [remnawave] Remnawave
       *[other] { $name }
    }
admin-server-ask-auth = This panel signs in with an API token (3x-ui v3) or an admin's username and password. Which will you send?
admin-server-auth-token = 🔑 API token
admin-server-auth-login = 👤 Username and password
admin-server-ask-username = Send the panel admin's username.
admin-server-ask-password = Send that admin's password.
admin-server-password-deleted = 🔒 Password received; your message with it was deleted from this chat.
admin-server-connected = ✅ Connected: { $kind } { $version }, { $clients } clients on the panel.
admin-server-use-buttons = Please answer with the buttons above, or /cancel.
admin-server-name-invalid = A server name is 1 to 64 characters. Send another.
admin-server-name-taken = A server named { $name } already exists. Send another name.
admin-server-url-invalid = The panel URL must be an absolute http(s) address with its web path, like http://1.2.3.4:2095/app/. Send it again.
admin-server-token-invalid = The API token looks wrong: it is empty, has spaces or is too long. Send it again.
admin-server-username-invalid = The username is 1 to 128 characters. Send it again.
admin-server-password-invalid = The password is empty or too long. Send it again.
admin-server-sub-url-invalid = The subscription URL must be an absolute http(s) address, like http://1.2.3.4:2096/sub/. Send it again, or /skip.
admin-server-pick-inbounds-optional = Pick the inbounds (groups, squads) new users get, then tap Done; none picked leaves it to the panel's defaults.
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
admin-plan-ask-kind = What are you adding?
admin-plan-kind-subscription = 📅 Subscription plan
admin-plan-kind-traffic = ➕ Traffic pack
admin-pack-ask-traffic = Send the traffic the pack adds, in GB (more than 0).
admin-pack-line = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> — { $price } · ➕ { $traffic } (traffic pack)
admin-pack-card = { $enabled ->
        [yes] 🟢
       *[no] ⚪
    } <b>{ $name }</b> (<code>{ $id }</code>) — traffic pack
    Price: { $price }
    Adds: { $traffic } to an active or out-of-traffic subscription

admin-code-enable = 🟢 Enable
admin-code-disable = ⚪ Disable
admin-code-edit = ✏️ { $code }
admin-code-inactive = (disabled)
admin-code-value-percent = { $value }%
admin-code-no-limit = ∞
admin-code-no-end = no end
admin-code-enabled = Code <code>{ $code }</code> can be used.
admin-code-disabled = Code <code>{ $code }</code> can no longer be used.
admin-code-once-note = once per customer
admin-code-many-note = reusable
admin-code-make-once = 👤 Once per customer
admin-code-make-many = 🔁 Make reusable
admin-code-made-once = Each customer can use code <code>{ $code }</code> once.
admin-code-made-many = A customer can use code <code>{ $code }</code> again and again (within its use limit).

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
    Required channels: { $channels }
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
admin-settings-channels = 📢 Required channels
admin-settings-ask-channels = Send the public channels customers must join before buying or trying, one per line (e.g. @my_channel), or /skip for none. Make the customers' bot (not this one) an administrator of each channel, or it cannot check who joined.
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

## The operator's console (web pages at /console): plain text, the page escapes it.
console-language-name = English
console-nav-overview = Overview
console-nav-receipts = Receipts
console-nav-customers = Customers
console-nav-servers = Servers
console-nav-plans = Plans
console-nav-codes = Discount codes
console-nav-broadcasts = Broadcasts
console-nav-settings = Settings
console-logout = Log out
console-login-title = Console login
console-login-token = Operator token
console-login-submit = Log in
console-login-off = The console is off: OPERATOR_TOKEN is not set on this server.
console-login-wrong = That token is not right.
console-login-throttled = Too many wrong tokens from this address. Try again in { $minutes } min.
console-csrf-refused = This change was refused: the form was not sent from this console page (its security token is missing or stale). Reload the page and try again.
console-failed = Something went wrong on our side; the log has the details.
console-error-title = Not done
console-not-found = There is no such console page.
console-back = Back to the overview
console-state = State
console-updated-at = Updated
console-ms = { $ms } ms
console-page-first = First page
console-page-next = Next page
console-overview-receipts = Receipts waiting
console-overview-active = Active subscriptions
console-overview-failures = Provisioning failures
console-overview-customers = Customers
console-overview-revenue-30d = Revenue, 30 days
console-overview-servers = Servers
console-overview-revenue-chart = Revenue per day, last 30 days
console-revenue-chart = Revenue per day over the last 30 days; the tallest bar is { $max }
console-servers-none = No servers yet.
console-servers-add = Add a server
console-server-name = Server
console-server-latency = Latency
console-server-clients = Clients
console-server-last-error = Last error
console-receipts-empty = No receipts are waiting.
console-receipt-order = Order #{ $number }
console-receipt-photo = Receipt photo
console-receipt-photo-missing = The receipt photo could not be loaded.
console-receipt-for-topup = Wallet top-up
console-receipt-for-plan = Subscription: { $plan }
console-receipt-for-renewal = Renewal: { $plan }
console-receipt-for-traffic = Traffic pack: { $plan }
console-receipt-received = Amount received (Toman)
console-receipt-approve = Approve
console-receipt-reject = Reject
console-receipt-reason = Reason the customer will read
console-receipt-reason-invalid = A rejection needs a reason (up to 500 characters).
console-receipt-amount-invalid = The amount received is a whole, positive number of Toman.
console-receipt-unknown = There is no such order.
console-receipt-already-decided = This receipt was already { $decision ->
        [approved] approved
       *[rejected] rejected
    } by { $by } on { $date }.
console-receipt-not-waiting = This order no longer waits for a decision (it is { $state }).
console-note-approved = Approved. The customer is told and their order goes ahead.
console-note-rejected = Rejected. The customer is told why.
console-state-healthy = healthy
console-state-degraded = degraded
console-state-down = down
console-state-probing = probing
console-state-draining = draining
console-state-retired = retired
console-state-active = active
console-state-limited = limited
console-state-expired = expired
console-state-suspended = suspended
console-state-provisioning = provisioning
console-state-provision-failed = provisioning failed
console-state-revoked = revoked
## Payments: Telegram Stars
command-paysupport = Help with a payment
payment-stars = ⭐ Telegram Stars ({ $stars } Stars)
stars-invoice-title-fallback = Subscription
stars-invoice-description = Order #{ $order }, paid in Telegram Stars.
stars-invoice-intro = Order <code>#{ $order }</code> is created. Pay the invoice below with Telegram Stars.
stars-checkout-expired = This order's payment time is over. Please start a new order.
stars-checkout-price-changed = This order's price has changed. Please start a new order.
stars-checkout-not-payable = This order can no longer be paid. Please start a new order.
stars-payment-received = ⭐ { $stars } Stars received for order <code>#{ $order }</code>. Your subscription is being set up…
stars-payment-unmatched = Your Stars arrived, but order <code>#{ $order }</code> can no longer take them. An admin will refund them; write /support if you have a question.
paysupport = 💳 <b>Help with a payment</b>
    Write your question with /support and give your order number; an admin answers in this chat. Paid with Telegram Stars and did not get your subscription? It is refunded to your Stars balance when it cannot be delivered.
notify-order-refunded = ↩️ Order <code>#{ $order }</code> was refunded to your Telegram Stars balance, and its subscription was revoked.
admin-order-refund-button = ↩️ Refund Stars
admin-order-refund-started = ↩️ Refunding order <code>#{ $order }</code>…
admin-order-refund-not-possible = Order <code>#{ $order }</code> cannot be refunded (only a delivered Stars order can).
admin-order-refund-already = Order <code>#{ $order }</code> is already refunded or being refunded.
admin-alert-payment-unmatched = ⚠️ A { $method } payment of { $amount } arrived for order <code>#{ $order }</code>, which could not take it. Refund it by hand.
admin-alert-refund-failed = ⚠️ The refund of order <code>#{ $order }</code> failed: { $error }
admin-order-card = 🧾 <b>Order <code>#{ $order }</code></b>
    Customer: { $customer } (<code>{ $customerId }</code>)
    { $kind }, paid by { $method }: { $amount } (Stars: { $stars })
    State: { $state } · payment window until { $date }
admin-order-not-found = No order "{ $query }". Send /order and the order number.
admin-plan-field-stars = ⭐ Stars price
admin-plan-ask-stars = Send the price in Telegram Stars (a whole number), or 0 to stop selling it for Stars.
admin-plan-problem-name = name is 1 to 64 characters
admin-plan-problem-price = price is a whole number of Toman
admin-plan-problem-stars = stars is a whole number from 1 to 100000, or 0 for no Stars
admin-plan-problem-traffic = traffic is a number of GB, 0 for unlimited
admin-plan-problem-days = days is 0 to 3650
admin-plan-problem-days-whole = days is a whole number
admin-plan-problem-policy = the renewal policy is reset or carry over
admin-plan-problem-policy-buttons = pick reset or carry over with the buttons
admin-plan-problem-kind = the kind is a subscription plan or a traffic pack
admin-plan-problem-group = server group is 1 to 32 letters, digits, - or _
admin-plan-problem-lasts = a subscription plan lasts at least one day
admin-plan-problem-pack-traffic = a traffic pack adds some traffic: more than 0 GB
admin-plan-stars = ⭐ Also sold for { $stars } Telegram Stars.

## Payments: crypto (NOWPayments)
payment-crypto = 🪙 Crypto (USDT…), { $usd } USD
crypto-invoice = Order <code>#{ $order }</code>: pay { $usd } USD in crypto on the payment page below. Your subscription is set up as soon as the payment is confirmed.
crypto-invoice-button = 🪙 Pay with crypto
crypto-invoice-pending = Order <code>#{ $order }</code>: the payment page is not ready yet. Cancel it and try again in a few minutes.
crypto-unavailable = Crypto payment is not available right now. Please choose another way to pay.
crypto-done-page = Thank you! Your payment is being confirmed. Go back to the bot: your subscription arrives there.
admin-alert-payment-partial = ⚠️ Order <code>#{ $order }</code> of { $customer } was paid only in part: { $paid } of { $expected } (payment { $payment }). Nothing was delivered.
admin-settings-usd = 🪙 Toman per USD
admin-settings-ask-usd = Send how many Toman one US dollar is, for crypto prices (0 turns crypto off).
admin-settings-renew = 🔁 Auto-renew days
admin-settings-ask-renew = Send how many days before expiry auto-renew takes the wallet (1 to 7).
admin-settings-payments = 🪙 Crypto: { $usd } Toman per USD · 🔁 auto-renew { $days } days before expiry

console-none = Nothing here yet.
console-yes = yes
console-no = no
console-on = on
console-off = off
console-save = Save
console-search = Search
console-delete = Delete
console-hidden = hidden
console-on-sale = on sale
console-unlimited = Unlimited
console-quarantined = This actor is in quarantine and takes no events: { $reason }
console-note-event-sent = Done. The journal below shows what happened.
console-note-server-added = Server added. It was checked on the live panel and is now watched.
console-note-server-drain = Draining: no new clients go to this server.
console-note-server-resume = Resumed: new clients may go to this server again.
console-note-server-retire = Retired: no more probes, syncs or new clients.
console-note-saved = Saved.
console-note-deleted = Deleted.
console-note-hidden = It was sold before, so it is hidden instead of deleted.
console-note-broadcast-drafted = Draft saved. Nothing is sent until you press Send.
console-note-broadcast-sending = Sending. The counts below change as it goes.
console-note-banned = Banned. Their subscriptions are suspended.
console-note-unbanned = Unbanned. Their subscriptions are resumed.
console-note-adjusted = The balance was adjusted.
console-customers-search = Telegram id or @username
console-customers-not-found = No customer matches “{ $query }”.
console-customer-id = Telegram id
console-customer-username = Username
console-customer-name = Name
console-customer-since = Since
console-customer-banned = banned
console-customer-banned-note = This customer is banned: the bots refuse them and their subscriptions are suspended.
console-customer-unknown = There is no such customer.
console-customer-title = Customer { $name }
console-customer-balance = Balance
console-customer-ban = Ban
console-customer-unban = Unban
console-customer-ban-confirm = Ban this customer and suspend their subscriptions?
console-customer-adjust = Adjust the balance
console-customer-adjust-amount = Amount in Toman (negative to take away)
console-customer-adjust-reason = Reason (kept in the audit log)
console-customer-adjust-submit = Adjust
console-customer-adjust-invalid = Give a whole, non-zero amount of Toman and a reason of up to 200 characters.
console-customer-adjust-insufficient = That would take the balance below zero; it is { $balance }.
console-customer-subscriptions = Subscriptions
console-customer-orders = Orders
console-customer-ledger = Ledger
console-order-kind = Kind
console-order-amount = Amount
console-order-method = Paid by
console-order-created = Created
console-ledger-at = When
console-ledger-amount = Amount
console-ledger-reason = Reason
console-ledger-ref = Reference
console-sub-title = Subscription #{ $id } · { $title }
console-sub-unknown = There is no such subscription.
console-sub-customer = Customer { $id }
console-sub-plan = Plan
console-sub-used = Used
console-sub-expires = Expires
console-sub-usage = { $used } of { $total } used ({ $percent }%)
console-sub-usage-unlimited = { $used } used, no traffic limit
console-sub-usage-label = Traffic used
console-sub-days-left = { $days ->
        [one] { $days } day left
       *[other] { $days } days left
    } (until { $date })
console-sub-no-expiry = No end date.
console-sub-server = Server
console-sub-move-to = Move to server
console-sub-revoke-confirm = Revoke this subscription? Its panel client is deleted and the link stops working.
console-sub-timers = Pending timers
console-timer-key = Timer
console-timer-due = Due
console-timer-event = Event
console-journal = Journal
console-journal-at = When
console-journal-event = Event
console-journal-change = State
console-event-retry = Retry provisioning
console-event-resync = Resync usage
console-event-revoke = Revoke
console-event-suspend = Suspend
console-event-unsuspend = Unsuspend
console-event-move = Move
console-server-kind = Panel kind
console-server-panel-url = Panel address (with its web path)
console-server-credentials-hint = Give the panel's API token, or its admin username and password, as the panel kind signs in.
console-server-token = API token
console-server-username = Admin username
console-server-password = Admin password
console-server-sub-url = Subscription address (empty for the panel's default)
console-server-inbounds = Inbound ids, groups or squads (comma separated)
console-server-capacity = Capacity (0 for no limit)
console-server-group = Group
console-server-last-sync = Last sync
console-server-drain = Drain
console-server-resume = Resume
console-server-retire = Retire
console-server-retire-confirm = Retire this server for good? It gets no more probes, syncs or clients.
console-server-capacity-invalid = The capacity is a whole number, 0 for no limit.
console-plan-name = Name
console-plan-kind = Kind
console-plan-kind-subscription = Subscription
console-plan-kind-traffic = Traffic pack
console-plan-price = Price (Toman)
console-plan-traffic = Traffic
console-plan-traffic-gb = Traffic in GB (0 for unlimited)
console-plan-days = Days
console-plan-policy = On renewal
console-plan-add = Add a plan
console-plan-hide = Hide
console-plan-show = Put on sale
console-plan-delete-confirm = Delete this plan? A plan that was sold is hidden instead.
console-code = Code
console-code-discount = Discount
console-code-uses = Used
console-code-once = Once per customer
console-code-until = Valid until
console-code-add = Add or change a code
console-code-percent = Percent off (or leave empty)
console-code-amount = Toman off (or leave empty)
console-code-max-uses = Most uses (0 for no limit)
console-code-valid-days = Valid for days (empty for no end)
console-code-on = Switch on
console-code-off = Switch off
console-code-delete-confirm = Delete this code? A code that was used is switched off instead.
console-setting-payment-window-hours = Payment window (hours)
console-setting-trial-days = Trial length (days)
console-setting-trial-gb = Trial volume (GB)
console-setting-referral-percent = Referral share (percent)
console-setting-topup-min = Smallest top-up (Toman)
console-setting-topup-max = Largest top-up (Toman)
console-setting-support-hours = Support hours
console-setting-cards = Cards for card-to-card (one per line: number, then holder)
console-setting-invalid = “{ $setting }” is not valid.
console-broadcast-new = New broadcast
console-broadcast-audience = Audience
console-broadcast-audience-invalid = Choose an audience.
console-broadcast-text = Message
console-broadcast-draft = Save draft
console-broadcast-progress = Progress
console-broadcast-title = Broadcast #{ $id }
console-broadcast-delivered = delivered
console-broadcast-blocked = blocked
console-broadcast-failed = failed
console-broadcast-remaining = to go
console-broadcast-confirm = Send
console-broadcast-pause = Pause
console-broadcast-resume = Resume
console-broadcast-cancel = Cancel
console-audience-all = Everyone
console-audience-active = Customers with an active subscription
console-audience-expired = Customers whose subscription ended
console-state-awaiting-payment = awaiting payment
console-state-receipt-submitted = receipt waiting
console-state-paid = paid
console-state-fulfilling = fulfilling
console-state-fulfilled = fulfilled
console-state-rejected = rejected
console-state-cancelled = cancelled
console-state-draft = draft
console-state-sending = sending
console-state-paused = paused
console-state-done = done
console-state-moving = moving
console-state-revoking = revoking
console-signed-out = Your console session has ended (or never began), so nothing was changed. Log in and try again.
## Auto-renew from the wallet
sub-autorenew-on-button = 🔁 Auto-renew: on
sub-autorenew-off-button = 🔁 Auto-renew: off
sub-autorenew-now-on = 🔁 Auto-renew is on for <b>{ $name }</b>: { $days } day(s) before it expires, it renews itself from your wallet if the balance covers the plan.
sub-autorenew-now-off = Auto-renew is off for <b>{ $name }</b>.
notify-auto-renewed = 🔁 <b>{ $name }</b> was renewed automatically: { $amount } was paid from your wallet (order <code>#{ $order }</code>). Balance: { $balance }.
notify-auto-renew-low-balance = 🔁 <b>{ $name }</b> expires on { $date }. Auto-renew needs { $amount } but your wallet has { $balance }: top up { $missing } to keep it running.
admin-receipt-duplicate = ⚠️ The same photo was already sent as the receipt of order <code>#{ $order }</code>.
console-setting-toman-per-usd = Toman per US dollar (crypto prices; 0 turns crypto off)
console-setting-auto-renew-days-before = Auto-renew this many days before expiry
console-setting-required-channels = Channels customers must join (@name, space separated; empty for none)

## Money messages
notify-gift-received = 🎁 You received a gift: <b>{ $name }</b>. It is being set up for you now.
notify-balance-adjusted = 👛 An admin adjusted your wallet by { $amount }. New balance: <b>{ $balance }</b>.
notify-ticket-closed = ✅ Your support ticket <code>#{ $ticket }</code> was closed by support. Write /support if you need anything else.
notify-referral-credited = 🤝 A friend you invited made a purchase: { $amount } was added to your wallet. Balance: <b>{ $balance }</b>.
admin-settings-refrule = 🤝 Referral rule
admin-settings-ask-refrule = Send 1 to credit referrers for a friend's first purchase only, or 2 for every purchase.
admin-settings-refrule-line = 🤝 Referral credit: { $rule }
admin-settings-refrule-first = first purchase only
admin-settings-refrule-every = every purchase
console-plan-stars = Telegram Stars price (empty: not sold for Stars)
