/** The Telegram notification sender: see notifier.ts; recording-sink.ts is its in-memory stand-in. */
export { createNotifier, type Notifier, type NotifierOptions } from "./notifier.ts";
export { RecordingSink, type RecordedNotification } from "./recording-sink.ts";
export type { Delivery, DeliveryStatus } from "../store/deliveries.ts";
export type { Notification, NotificationSink, NotifyFailure, SendResult } from "./types.ts";
