// lua_sandbox.h — the C half of Koers's Lua host.
//
// Why this exists: Lua reports errors with longjmp. A longjmp that crosses a Swift frame skips
// that frame's cleanups (defer, releases), which is undefined behaviour for Swift. So:
//   * every Lua API call that can raise (manual tags `m`, `e`, `v`) is made here, in C, inside a
//     protected call that this file starts; every function below returns a Lua status and
//     never raises into its caller;
//   * Swift functions exposed to Lua are entered through ks_trampoline, a C function: the Swift
//     callback returns KS_RAISE with a message on the stack, and the trampoline raises only after
//     the Swift frame has returned.
// Swift may call directly only the non-raising (`-`) API functions (lua_type, lua_toboolean,
// lua_tointegerx, lua_tonumberx, lua_rawlen, lua_rawgeti, lua_next, lua_checkstack, lua_settop,
// lua_gettop, lua_pushnil/boolean/integer/number, lua_topointer), and lua_tolstring only on
// values whose type is already LUA_TSTRING.
#ifndef KOERS_LUA_SANDBOX_H
#define KOERS_LUA_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>

/// Which budget stopped a script.
enum {
    KS_LIMIT_NONE = 0,
    KS_LIMIT_INSTRUCTIONS = 1,
    KS_LIMIT_TIME = 2,
    KS_LIMIT_MEMORY = 3,
};

/// Output sink for `print` and `warn`; called with one complete line (no newline). Never raises.
typedef void (*ks_output_fn)(void *context, int is_warning, const char *text, size_t length);

/// Budgets and accounting for one lua_State. Owned by the host; must outlive the state.
typedef struct ks_sandbox {
    size_t memory_used;
    size_t memory_peak;
    size_t memory_base;           // memory_used when the call began: the caps count what a call adds
    int host_allocating;          // set while the host builds values for a script: not capped
    size_t memory_limit;          // soft cap: over it, the next budget check raises (with a line)
    size_t memory_hard_limit;     // no single allocation may pass this (limit + limit/8)
    size_t memory_alarm;          // watchdog mode: past this, the allocator asks the hook for a check
    int64_t instructions_used;    // VM instructions (exact mode only) plus work billed by C functions
    int64_t instruction_limit;    // 0: no instruction budget; the watchdog checks the time and memory
    int64_t time_limit_ns;
    int64_t deadline_ns;          // CLOCK_MONOTONIC; set by ks_begin_call
    int hook_period;              // instructions between budget checks
    int64_t charged_since_check;  // work billed by C functions since the clock and memory were last checked
    int limit_hit;                // KS_LIMIT_*: the budget that raised last during this call
    int tick;                     // set by the watchdog's signal: C loops check the budgets (atomic access)
    lua_State *running;           // watchdog mode: the coroutine now running script code, else NULL
    struct ks_sandbox *outer_watched;  // the sandbox whose call this one interrupted on this thread
    ks_output_fn output;
    void *output_context;
} ks_sandbox;

/// A new state whose every allocation is counted against `sandbox`. NULL if out of memory.
lua_State *ks_newstate(ks_sandbox *sandbox);

/// Opens the safe libraries and builds the sandbox's base environment (environment.c; ks_internal.h maps the C files).
int ks_open_sandbox(lua_State *L);

/// Resets the instruction, time and limit-hit accounting for one top-level call and installs
/// the budget hook on L: a count hook when there is an instruction limit, else the watchdog
/// (watchdog.c). Never raises.
void ks_begin_call(lua_State *L, ks_sandbox *sandbox);
/// Ends what ks_begin_call started: stops the watchdog and removes a pending one-shot hook.
void ks_end_call(lua_State *L, ks_sandbox *sandbox);

/// Pushes a fresh environment for one script: its own copy of every global and library table,
/// so nothing a script changes is seen by another. Returns a Lua status.
int ks_new_environment(lua_State *L);

/// Loads a text chunk (binary chunks are refused) and sets its _ENV to the table at env_index.
/// Pushes the function, or an error message. Returns a Lua status.
int ks_load_text(lua_State *L, const char *buffer, size_t length, const char *chunkname, int env_index);

/// Like ks_load_text, but compiles a chunk only the first time this state sees its name with
/// this source: a state that runs many scripts (every rule on every day) parses each once.
int ks_load_text_cached(lua_State *L, const char *buffer, size_t length, const char *chunkname, int env_index);

/// A full garbage collection (no finalizers can run: __gc is refused in the sandbox).
void ks_collect(lua_State *L);

/// Calls the function below `nargs` arguments in protected mode with a message handler that
/// adds a traceback. The handler never runs metamethods of the error value. Returns a Lua status.
int ks_pcall(lua_State *L, int nargs, int nresults);

/// Protected versions of raising operations. Each returns a Lua status; on failure one error
/// value is on the stack in place of the result.
int ks_pushstring(lua_State *L, const char *s, size_t length);
int ks_setfield(lua_State *L, int table_index, const char *key);   // t[key] = pop (raw)

// ---------------------------------------------------------------------------------------------
// Swift functions callable from Lua.

/// Returned by a ks_swift_fn to say "raise the message on top of the stack".
#define KS_RAISE (-1)
/// A host function. Reads its arguments with non-raising API only, pushes its results through
/// protected functions, and returns their count, or KS_RAISE with an error value on top.
typedef int (*ks_swift_fn)(lua_State *L, void *context);

/// Pushes a C closure that calls fn(L, context) and raises on its behalf. Returns a Lua status.
int ks_push_host_function(lua_State *L, ks_swift_fn fn, void *context);

/// Sets the module reader used by `require`: pops a function `reader(name) -> source, chunkname`
/// (or nil, message) and keeps it where scripts cannot reach it. Returns a Lua status.
int ks_set_module_reader(lua_State *L);
/// Sets what `package.path` says in every environment made after it: the places `require`
/// searches, for libraries that read it. Returns a Lua status.
int ks_set_module_path(lua_State *L, const char *path);

// ---------------------------------------------------------------------------------------------
// Bulk values: a flat "tape" that one protected call turns into Lua values.

enum {
    KS_OP_NIL = 0, KS_OP_FALSE, KS_OP_TRUE,
    KS_OP_INT,      // a = value
    KS_OP_NUM,      // d = value
    KS_OP_STR,      // a = offset, b = length in the string arena
    KS_OP_TABLE,    // pushes a new table; narr = array size hint, a = record size hint
    KS_OP_SETI,     // pops value, t[a] = value (t is the table now on top)
    KS_OP_SETF,     // pops value, t[key] = value; key: string a/b in the arena
    KS_OP_SHARED,   // pushes the shared value with reference a (see ks_share)
    KS_OP_FIELDS,   // pushes a new table holding the fields of the shared value a (to extend)
    KS_OP_FREEZE,   // replaces the table on top with a read-only view of it (deeply)
    KS_OP_ITEMS,    // appends items b .. b+narr-1 of the shared list a to the list on top
};
typedef struct ks_op { int32_t tag; int32_t narr; int64_t a; int64_t b; double d; } ks_op;

/// Runs the tape with the top `nargs` values of the stack handed to it (a tape may store into
/// them: SETF/SETI reach the table below the value on top). Those values are replaced by what
/// the tape leaves: them, minus what it stored, plus what it pushed (*pushed says how many in
/// all). Returns a Lua status; on failure the nargs values are gone and an error value is on top.
int ks_push_tape(lua_State *L, const ks_op *ops, size_t count, const char *strings, int nargs, int *pushed);

// ---------------------------------------------------------------------------------------------
// Shared, read-only values: built once, given to many scripts.

/// Pops the value on top, makes it (and every table in it) a read-only view, and keeps it in the
/// registry under *reference, which tapes name (KS_OP_SHARED). Returns a Lua status.
int ks_share(lua_State *L, int *reference);
/// Stops (1) or restarts (0) the garbage collector: while the host builds a large value that
/// is all reachable, collecting finds nothing and only costs time. Never raises.
void ks_pause_collector(lua_State *L, int paused);
/// Lets go of a shared value. Never raises.
void ks_unshare(lua_State *L, int reference);
/// The light-userdata key under which a read-only view keeps its real table: readers that must
/// see through views (without running metamethods) use lua_rawgetp with it.
const void *ks_readonly_key(void);

// ---------------------------------------------------------------------------------------------
// What Swift cannot import (macros, variadics).
void ks_pop(lua_State *L, int n);
/// Pushes the table from which every script environment is copied (never given to a script).
void ks_push_base_environment(lua_State *L);
int64_t ks_monotonic_ns(void);
/// "Lua 5.4.4": the release of the linked library's headers.
const char *ks_lua_release(void);

#endif
