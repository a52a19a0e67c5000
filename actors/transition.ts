/**
 * xstate's pure `transition()` and `initialTransition()`, without their per-call cost.
 *
 * xstate 5.33 builds a throwaway actor of the whole machine on every call (which computes the machine's initial
 * snapshot), and a fresh actor system, only to serve as an inert scope; profiling the runtime benchmark put that at
 * about a quarter of the time of one event. Here that actor is built once per machine, and its system is replaced as
 * soon as a transition has registered a child in it, so children spawned with a `systemId` never collide across
 * calls. Otherwise the scope is the one xstate builds: no logger, nothing deferred, actions collected, not executed.
 */
import {
  createActor,
  fromTransition,
  type ActorScope,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type ExecutableActionsFrom,
} from "xstate";

type AnyActorSystem = AnyActorRef["system"];

export type Actions = ExecutableActionsFrom<AnyStateMachine>[];

const inertLogic = fromTransition((state: null) => state, null);

/** The inert `self` of one machine, and the system its transitions run in. */
interface Inert {
  self: AnyActorRef;
  system: AnyActorSystem;
}

const inert = new WeakMap<AnyStateMachine, Inert>();

/** A never-started actor of trivial logic is the cheapest way to a fresh system (xstate does not export createSystem). */
const freshSystem = (): AnyActorSystem => createActor(inertLogic).system;

function inertScope(machine: AnyStateMachine, actions: Actions): ActorScope<any, any> {
  let entry = inert.get(machine);
  if (!entry) {
    entry = { self: createActor(machine), system: freshSystem() };
    inert.set(machine, entry);
  }
  // A pure transition changes its system only by registering a child spawned with a `systemId`; until one does, the
  // system is as good as fresh, and building one per call was a tenth of an event's time.
  for (const _ in entry.system.getAll()) {
    entry.system = freshSystem();
    break;
  }
  entry.self.system = entry.system;
  return {
    self: entry.self,
    id: "",
    sessionId: "",
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: entry.system,
    stopChild: () => {},
    actionExecutor: (action) => {
      actions.push(action as Actions[number]);
    },
  };
}

/** Like xstate's `transition(machine, snapshot, event)`: the next snapshot and the actions to execute. */
export function pureTransition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: unknown): [AnyMachineSnapshot, Actions] {
  const actions: Actions = [];
  const next = machine.transition(snapshot, event as never, inertScope(machine, actions)) as AnyMachineSnapshot;
  return [next, actions];
}

/** Like xstate's `initialTransition(machine, input)`. */
export function pureInitialTransition(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, Actions] {
  const actions: Actions = [];
  const first = machine.getInitialSnapshot(inertScope(machine, actions), input) as AnyMachineSnapshot;
  return [first, actions];
}
