// The agents the stand-in knows, as GET /agents lists them. The real backend seeds its system
// agents from the `agents/` folder at start (one row each, shared by every world); the stand-in
// seeds the same names with short texts of its own (the real prompts run to kilobytes), plus
// the three chat agents its activity simulation speaks as (activity.ts).

export interface AgentRecord {
  id: number;
  name: string;
  group: string | null;
  configFile: string | null;
  inANutshell: string;
  characteristics: string;
  priority: number;
}

function systemAgent(id: number, name: string, group: string, nutshell: string): AgentRecord {
  return {
    id,
    name,
    group,
    configFile: `agents/group_${group}/${name}`,
    inANutshell: nutshell,
    characteristics: `${name} is a system agent of the stand-in server; it never generates text.`,
    priority: group === 'gameplay' ? 5 : 0,
  };
}

function chatAgent(id: number, name: string, nutshell: string): AgentRecord {
  return {
    id,
    name,
    group: null,
    configFile: null,
    inANutshell: nutshell,
    characteristics: `${name} speaks in rooms when the stand-in simulates activity.`,
    priority: 0,
  };
}

export const CHAT_AGENTS = [
  chatAgent(1, 'Ada', 'A careful planner who likes maps.'),
  chatAgent(2, 'Basho', 'A poet who notices the weather.'),
  chatAgent(3, 'Cyra', 'A merchant who distrusts easy deals.'),
] as const;

export const ONBOARDING_MANAGER = systemAgent(
  7,
  'Onboarding_Manager',
  'gameplay',
  'Interviews a new player and builds their world.',
);

export const AGENT_CATALOG: readonly AgentRecord[] = [
  ...CHAT_AGENTS,
  systemAgent(4, 'Action_Manager', 'gameplay', 'Runs each turn of an active world.'),
  systemAgent(5, 'Chat_Summarizer', 'gameplay', 'Summarizes a chat-mode conversation.'),
  systemAgent(6, 'History_Summarizer', 'gameplay', "Condenses a world's history."),
  ONBOARDING_MANAGER,
  systemAgent(8, 'Character_Designer', 'subagent', 'Designs characters on request.'),
  systemAgent(9, 'Item_Designer', 'subagent', 'Designs items on request.'),
  systemAgent(10, 'Location_Designer', 'subagent', 'Designs locations on request.'),
];

const BY_ID = new Map(AGENT_CATALOG.map((agent) => [agent.id, agent]));

export function agentById(id: number): AgentRecord | undefined {
  return BY_ID.get(id);
}

/** The agent as the backend's `Agent` schema serializes it (fields in its order). */
export function agentBody(agent: AgentRecord, createdAt: string): Record<string, unknown> {
  return {
    name: agent.name,
    group: agent.group,
    config_file: agent.configFile,
    profile_pic: null,
    in_a_nutshell: agent.inANutshell,
    characteristics: agent.characteristics,
    recent_events: null,
    interrupt_every_turn: false,
    priority: agent.priority,
    id: agent.id,
    system_prompt: `You are ${agent.name}. ${agent.inANutshell}`,
    session_id: null,
    created_at: createdAt,
  };
}
