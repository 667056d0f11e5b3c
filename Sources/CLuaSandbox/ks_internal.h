// ks_internal.h — what the C files of Koers's Lua sandbox share; not seen by Swift.
//
// The sandbox in one paragraph per file, and the tests that prove each guarantee:
//   * accounting.c — the counting allocator, the memory caps, the instruction budget (a count
//     hook) and the wall-clock deadline; ks_charge bills work done inside C functions.
//     SandboxEscapeTests (budgets in plain code, pcall, xpcall handlers, coroutines, __close).
//   * watchdog.c — without an instruction limit: no hook while a script runs; a timer on the
//     thread's CPU clock arms a one-shot hook every 10 ms that checks the deadline and memory.
//     WatchdogTests (the same places, under the watchdog).
//   * base_library.c — print/warn to the host, collectgarbage("count") only, setmetatable without
//     __gc, load in text mode with the caller's environment, xpcall that yields and whose handler
//     cannot outlive a spent budget, coroutine.close/wrap likewise. SandboxEscapeTests,
//     DifferentialTests (the standard behaviour).
//   * patterns.c, pattern_matcher.c — string.find/match/gmatch/gsub by a matcher of our own
//     that bills its steps, so any pattern runs until the instruction budget stops it.
//     DifferentialTests (patterns), SandboxEscapeTests.
//   * table_library.c — table.insert/remove/concat/unpack/move billed for what they really do,
//     after their arguments are checked; table.sort as a stable, metered merge sort.
//   * require.c — require of the host's module folders (?.lua, ?/init.lua), the standard
//     libraries by name, and a read-only `package` table.
//   * readonly_views.c — values shared by many scripts, readable and never writable.
//   * environment.c — opening the safe libraries; one fresh environment per script.
//   * chunks.c — text-only loading, the compiled-chunk cache, ks_pcall and small protected calls.
//   * host_functions.c — Swift functions called from Lua through a trampoline that raises only
//     after the Swift frame has returned.
//   * tapes.c — building large values from a flat description in one protected call.
#ifndef KOERS_KS_INTERNAL_H
#define KOERS_KS_INTERNAL_H

#include "lua_sandbox.h"

#include <lauxlib.h>
#include <lualib.h>

#define KS_RANDOM_SEED 20240101
#define KS_MODULE_READER_KEY "koers.module_reader"
#define KS_MODULE_SOURCES_KEY "koers.module_sources"
#define KS_CHUNK_CACHE_KEY "koers.compiled_chunks"
#define KS_RANDOMSEED_KEY "koers.randomseed"
#define KS_MODULE_PATH_KEY "koers.module_path"

// accounting.c
ks_sandbox *ks_sandbox_of(lua_State *L);
/// Which budget is spent, if any (KS_LIMIT_*). May run a full collection before blaming memory.
int ks_spent_budget(lua_State *L, ks_sandbox *sb);
/// Raises the error for a spent budget; `level` 0 blames the running function, 1 its caller.
int ks_raise_spent_budget(lua_State *L, ks_sandbox *sb, int which, int level);
void ks_budget_hook(lua_State *L, lua_Debug *ar);
/// Bills work done inside a C function to the instruction budget, and checks the others.
void ks_charge(lua_State *L, double steps);

// watchdog.c
/// Starts the tick timer for a call of sb on this thread, running L. 0 if no timer can be had.
int ks_watchdog_start(ks_sandbox *sb, lua_State *L);
void ks_watchdog_stop(ks_sandbox *sb);
int ks_coroutine_resume(lua_State *L);

// environment.c
/// Calls f in protected mode with the nargs values on top as its arguments.
int ks_protected_call(lua_State *L, lua_CFunction f, int nargs, int nresults);

// chunks.c
/// Pushes the compiled function for chunkname/source from the cache, compiling it on a miss.
void ks_push_cached_chunk(lua_State *L, int source_index, const char *chunkname);

// base_library.c
/// Calls upvalue 1 (the function a wrapper stands in for) with the wrapper's arguments.
int ks_call_original(lua_State *L);
int ks_print(lua_State *L);
int ks_warn(lua_State *L);
int ks_collectgarbage(lua_State *L);
int ks_setmetatable(lua_State *L);
int ks_load(lua_State *L);
int ks_xpcall(lua_State *L);
int ks_coroutine_close(lua_State *L);
int ks_coroutine_wrap(lua_State *L);
/// Sets globals.io to a table whose every function refuses (no file access).
void ks_install_io(lua_State *L, int globals);

// require.c
int ks_require(lua_State *L);
/// Adds the read-only `package` table to the environment at env_index.
void ks_install_package(lua_State *L, int env_index);

// table_library.c
int ks_table_insert(lua_State *L);
int ks_table_remove(lua_State *L);
int ks_table_concat(lua_State *L);
int ks_table_unpack(lua_State *L);
int ks_table_move(lua_State *L);
int ks_sort(lua_State *L);

// readonly_views.c
void ks_make_readonly_metatable(lua_State *L);
/// Pushes the real table of the view at `index` and returns 1, or pushes nothing and returns 0.
int ks_push_real(lua_State *L, int index);
/// Replaces the table on top with a read-only view of it, deeply.
void ks_freeze_top(lua_State *L);
int ks_next(lua_State *L);
int ks_pairs(lua_State *L);
int ks_ipairs(lua_State *L);
int ks_rawget(lua_State *L);
int ks_rawset(lua_State *L);
int ks_rawlen(lua_State *L);

// patterns.c
int ks_str_find(lua_State *L);
int ks_str_match(lua_State *L);
int ks_str_gmatch(lua_State *L);
int ks_str_gsub(lua_State *L);
/// Bills `steps` of pattern matching; raises when a budget is spent.
void ks_pattern_charge(lua_State *L, lua_Integer steps);

#endif
