// Stand-in for the "server-only" marker package inside vitest (it throws outside Next's server bundle).
export {};
