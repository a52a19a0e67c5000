/** Support tickets: one open thread per customer, messages from the customer and from admins. */
import type { Database } from "bun:sqlite";

export interface Ticket {
  id: number;
  customer_id: number;
  state: "open" | "closed";
  created_at: number;
  updated_at: number;
}

export interface TicketMessage {
  id: number;
  ticket_id: number;
  admin_id: number | null;
  text: string;
  at: number;
}

/** Adds a customer's message to their open ticket, opening one if needed. */
export function addCustomerMessage(db: Database, customerId: number, text: string, now: number): { ticket: Ticket; message: TicketMessage; opened: boolean } {
  return db.transaction(() => {
    let ticket = db.query<Ticket, [number]>("SELECT * FROM tickets WHERE customer_id = ? AND state = 'open'").get(customerId);
    const opened = !ticket;
    if (!ticket) {
      ticket = db
        .query<Ticket, [number, number, number]>("INSERT INTO tickets (customer_id, created_at, updated_at) VALUES (?, ?, ?) RETURNING *")
        .get(customerId, now, now)!;
    }
    const message = db
      .query<TicketMessage, [number, string, number]>("INSERT INTO ticket_messages (ticket_id, admin_id, text, at) VALUES (?, NULL, ?, ?) RETURNING *")
      .get(ticket.id, text, now)!;
    db.query("UPDATE tickets SET updated_at = ? WHERE id = ?").run(now, ticket.id);
    return { ticket, message, opened };
  })();
}

export function addAdminReply(db: Database, ticketId: number, adminId: number, text: string, now: number): TicketMessage | null {
  const ticket = getTicket(db, ticketId);
  if (!ticket || ticket.state !== "open") return null;
  db.query("UPDATE tickets SET updated_at = ? WHERE id = ?").run(now, ticketId);
  return db
    .query<TicketMessage, [number, number, string, number]>("INSERT INTO ticket_messages (ticket_id, admin_id, text, at) VALUES (?, ?, ?, ?) RETURNING *")
    .get(ticketId, adminId, text, now);
}

export function closeTicket(db: Database, ticketId: number, now: number): boolean {
  return db.query("UPDATE tickets SET state = 'closed', updated_at = ? WHERE id = ? AND state = 'open'").run(now, ticketId).changes > 0;
}

export function getTicket(db: Database, ticketId: number): Ticket | null {
  return db.query<Ticket, [number]>("SELECT * FROM tickets WHERE id = ?").get(ticketId);
}

export function openTickets(db: Database, limit = 50): Ticket[] {
  return db.query<Ticket, [number]>("SELECT * FROM tickets WHERE state = 'open' ORDER BY updated_at DESC LIMIT ?").all(limit);
}

export function ticketMessages(db: Database, ticketId: number): TicketMessage[] {
  return db.query<TicketMessage, [number]>("SELECT * FROM ticket_messages WHERE ticket_id = ? ORDER BY id").all(ticketId);
}
