// base_library.c — the base functions the sandbox replaces or guards.
//
// Guarantees: output goes to the host; collectgarbage answers "count" only; no __gc metatable
// (Lua runs finalizers outside every budget); load reads text only, in the caller's environment;
// after a budget is spent no xpcall handler or __close handler runs. Proved by SandboxEscapeTests.

#include "ks_internal.h"

#include <string.h>

/// Calls upvalue 1 (the library function a wrapper stands in for) with the wrapper's arguments,
/// and returns all its results.
int ks_call_original(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

int ks_print(lua_State *L) {
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    ks_sandbox *sb = ks_sandbox_of(L);
    if (sb->output) sb->output(sb->output_context, 0, text, length);
    return 0;
}

int ks_warn(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checkstring(L, 1);
    for (int i = 2; i <= n; i++) luaL_checkstring(L, i);
    const char *first = lua_tostring(L, 1);
    if (n == 1 && first[0] == '@') return 0;  // control messages ("@on", "@off") are not needed
    lua_concat(L, n);
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    ks_sandbox *sb = ks_sandbox_of(L);
    if (sb->output) sb->output(sb->output_context, 1, text, length);
    return 0;
}

int ks_collectgarbage(lua_State *L) {
    static const char *const options[] = {"stop", "restart", "collect", "count", "step", "setpause", "setstepmul",
                                          "isrunning", "generational", "incremental", NULL};
    const char *option = options[luaL_checkoption(L, 1, "collect", options)];  // Lua's error for an unknown one
    if (strcmp(option, "count") != 0)
        return luaL_error(L, "collectgarbage(\"%s\") is not available in the Koers sandbox; "
                             "only collectgarbage(\"count\") is", option);
    int kb = lua_gc(L, LUA_GCCOUNT, 0), bytes = lua_gc(L, LUA_GCCOUNTB, 0);
    lua_pushnumber(L, (lua_Number)kb + ((lua_Number)bytes / 1024));
    return 1;
}

/// setmetatable(t, mt) as the manual describes it, refusing a metatable with __gc. Written out
/// rather than wrapped, so that its errors name it and carry the script's line as Lua's do.
int ks_setmetatable(lua_State *L) {
    int type = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
    if (type == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int has_gc = lua_rawget(L, 2) != LUA_TNIL;  // even `false`: Lua would try to call it at collection
        lua_pop(L, 1);
        if (has_gc)
            return luaL_error(L, "setmetatable: __gc metamethods are not allowed in the Koers sandbox "
                                 "(Lua runs finalizers outside the instruction budget); "
                                 "use a <close> variable to release things explicitly");
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

#define LOAD_RESERVED_SLOT 5

static const char *function_reader(lua_State *L, void *ud, size_t *size) {
    (void)ud;
    luaL_checkstack(L, 2, "too many nested functions");
    ks_charge(L, 1);
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        *size = 0;
        return NULL;
    }
    if (!lua_isstring(L, -1)) luaL_error(L, "reader function must return a string");  // Lua's words; a number is text
    lua_replace(L, LOAD_RESERVED_SLOT);
    return lua_tolstring(L, LOAD_RESERVED_SLOT, size);
}

/// load(chunk [, chunkname [, mode [, env]]]) with text mode forced; upvalue 1 is the caller's
/// environment, used when no env is given (the standard load would use the shared globals).
int ks_load(lua_State *L) {
    const char *mode = luaL_optstring(L, 3, "t");
    int has_env = !lua_isnone(L, 4);
    if (strchr(mode, 't') == NULL) {
        luaL_pushfail(L);
        lua_pushliteral(L, "load: binary chunks are not allowed in the Koers sandbox (use Lua source text)");
        return 2;
    }
    int status;
    size_t length;
    if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER) {  // a number is its text, as in Lua
        const char *source = lua_tolstring(L, 1, &length);
        const char *chunkname = luaL_optstring(L, 2, source);
        status = luaL_loadbufferx(L, source, length, chunkname, "t");
    } else {
        const char *chunkname = luaL_optstring(L, 2, "=(load)");
        luaL_checktype(L, 1, LUA_TFUNCTION);
        lua_settop(L, LOAD_RESERVED_SLOT);
        status = lua_load(L, function_reader, NULL, chunkname, "t");
    }
    if (status != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env) lua_pushvalue(L, 4);
    else lua_pushvalue(L, lua_upvalueindex(1));
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return 1;
}

// After a budget is spent no script code may run again in this call. Lua 5.4 switches hooks off
// while a hook runs and does not switch them back on when the hook raises, until the error
// reaches a pcall. Code that Lua runs in between is therefore unmetered: the xpcall message
// handler, and the __close handlers that coroutine.close and coroutine.wrap run on a coroutine
// that failed. These wrappers skip that code once a budget is spent.

/// Upvalue 1: the script's message handler.
static int guarded_message_handler(lua_State *L) {
    if (ks_sandbox_of(L)->limit_hit != KS_LIMIT_NONE) return 1;  // pass the error on untouched
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/// What xpcall returns, now or after the called function yielded and was resumed: true and the
/// results, or false and the (handled) error. `base` is the stack slot below the results.
static int finish_xpcall(lua_State *L, int status, lua_KContext base) {
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)base;
}

/// xpcall(f, msgh, ...) with a handler that steps aside once a budget is spent. It calls f with
/// lua_pcallk and a continuation, as Lua's own xpcall does, so f may yield across it.
int ks_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_message_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);  // the first result, below f's
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);    // f, handler, true, f, args...
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_xpcall);
    return finish_xpcall(L, status, 2);
}

static void refuse_after_spent_budget(lua_State *L) {
    ks_sandbox *sb = ks_sandbox_of(L);
    if (sb->limit_hit != KS_LIMIT_NONE && ks_spent_budget(L, sb) != KS_LIMIT_NONE)
        ks_raise_spent_budget(L, sb, sb->limit_hit, 1);
}

/// Whether `co` can be closed, as coroutine.status would put it: "suspended" or "dead" can.
static const char *coroutine_state(lua_State *L, lua_State *co) {
    if (L == co) return "running";
    switch (lua_status(co)) {
    case LUA_YIELD: return "suspended";
    case LUA_OK: {
        lua_Debug ar;
        if (lua_getstack(co, 0, &ar)) return "normal";  // it resumed another coroutine
        return lua_gettop(co) == 0 ? "dead" : "suspended";
    }
    default: return "dead";  // it failed
    }
}

/// coroutine.close(co), written out (see the manual) so that its errors are Lua's, and refused
/// once a budget is spent: closing runs __close handlers, which no budget would meter then.
int ks_coroutine_close(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    refuse_after_spent_budget(L);
    const char *state = coroutine_state(L, co);
    if (strcmp(state, "suspended") != 0 && strcmp(state, "dead") != 0)
        return luaL_error(L, "cannot close a %s coroutine", state);
#if LUA_VERSION_RELEASE_NUM >= 50406
    int status = lua_closethread(co, L);
#else
    int status = lua_resetthread(co);
#endif
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
}

/// The function coroutine.wrap returns; upvalues: the coroutine, coroutine.resume, coroutine.close.
static int wrapped_coroutine_call(lua_State *L) {
    int nargs = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_rotate(L, 1, 2);  // resume, co, args...
    lua_call(L, nargs + 1, LUA_MULTRET);
    if (lua_toboolean(L, 1)) return lua_gettop(L) - 1;  // the results after `true`
    lua_settop(L, 2);  // false, error
    refuse_after_spent_budget(L);
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int status = lua_status(co);
    if (status != LUA_OK && status != LUA_YIELD) {  // failed inside: close its pending variables
        lua_pushvalue(L, lua_upvalueindex(3));
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_call(L, 1, 2);  // false, error of the close (or of the coroutine)
        lua_replace(L, 2);
        lua_settop(L, 2);
    }
    if (lua_type(L, 2) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, 2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

/// coroutine.wrap(f); upvalues: Lua's coroutine.create and coroutine.close, and ks_coroutine_resume.
int ks_coroutine_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_pushcclosure(L, wrapped_coroutine_call, 3);
    return 1;
}

// ---------------------------------------------------------------------------------------------
// A stand-in for `io`: libraries written for stock Lua read io.stdout or io.write when they load
// (Penlight's utils does), so the table is there; every function in it refuses, because scripts
// have no file access. Upvalue 1: the function's name.

static int io_refused(lua_State *L) {
    return luaL_error(L, "io.%s is not available in the Koers sandbox (scripts have no file access); "
                         "use print to show text", lua_tostring(L, lua_upvalueindex(1)));
}

static void add_refusals(lua_State *L, int table, const char *const *names) {
    for (; *names; names++) {
        lua_pushstring(L, *names);
        lua_pushcclosure(L, io_refused, 1);
        lua_setfield(L, table, *names);
    }
}

void ks_install_io(lua_State *L, int globals) {
    static const char *const functions[] = {"close", "flush", "input", "lines", "open", "output", "popen", "read",
                                            "tmpfile", "type", "write", NULL};
    static const char *const methods[] = {"close", "flush", "lines", "read", "seek", "setvbuf", "write", NULL};
    lua_createtable(L, 0, 14);
    int io = lua_gettop(L);
    add_refusals(L, io, functions);
    for (const char *const *stream = (const char *const[]){"stdin", "stdout", "stderr", NULL}; *stream; stream++) {
        lua_createtable(L, 0, 7);
        add_refusals(L, lua_gettop(L), methods);
        lua_setfield(L, io, *stream);
    }
    lua_setfield(L, globals, "io");
}
