/** The 3x-ui driver against 3x-ui v3.0.2: CSRF on cookie sessions, Bearer API tokens, clients inside inbounds. */
import { xuiContract } from "./xui-contract.ts";

xuiContract("3.0.2", "inbounds", { auth: "login" });
xuiContract("3.0.2", "inbounds", { auth: "token" });
