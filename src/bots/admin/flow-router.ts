/** Sends what an admin types to the feature that asked for it (see flows.ts); features register one handler per flow kind. */
import type { AdminContext } from "./context.ts";
import type { Flow } from "./flows.ts";
import { InputRouter, type InputHandler } from "../shared/pending-input.ts";

export type FlowHandler<K extends Flow["kind"]> = InputHandler<AdminContext, Flow, K>;

export class FlowRouter extends InputRouter<AdminContext, Flow> {}
