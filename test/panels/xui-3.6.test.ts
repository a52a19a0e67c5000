/** The 3x-ui driver against 3x-ui v3.6.0: clients as their own resource, CSRF sessions and API tokens. */
import { xuiContract } from "./xui-contract.ts";

xuiContract("3.6.0", "clients", { auth: "login" });
xuiContract("3.6.0", "clients", { auth: "token" });
