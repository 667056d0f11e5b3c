// host_functions.c — Swift functions that Lua calls, and what Swift cannot import.
//
// Guarantee: a Swift function never raises; it returns KS_RAISE with the message on top, and
// the C trampoline raises after the Swift frame has returned (no longjmp across Swift).
// Proved by ValueCrossingTests and the FuzzLuaCrossing fuzzer.

#include "ks_internal.h"

typedef struct host_function { ks_swift_fn fn; void *context; } host_function;

static int trampoline(lua_State *L) {
    host_function *h = (host_function *)lua_touserdata(L, lua_upvalueindex(1));
    int results = h->fn(L, h->context);  // the Swift frame returns before anything is raised
    if (results < 0) return lua_error(L);
    return results;
}

static int do_push_host_function(lua_State *L) {
    host_function *h = (host_function *)lua_newuserdatauv(L, sizeof(host_function), 0);
    h->fn = (ks_swift_fn)lua_touserdata(L, 1);
    h->context = lua_touserdata(L, 2);
    lua_pushcclosure(L, trampoline, 1);
    return 1;
}

int ks_push_host_function(lua_State *L, ks_swift_fn fn, void *context) {
    lua_pushlightuserdata(L, (void *)fn);
    lua_pushlightuserdata(L, context);
    return ks_protected_call(L, do_push_host_function, 2, 1);
}

static int do_set_module_reader(lua_State *L) {
    lua_setfield(L, LUA_REGISTRYINDEX, KS_MODULE_READER_KEY);
    return 0;
}

int ks_set_module_reader(lua_State *L) { return ks_protected_call(L, do_set_module_reader, 1, 0); }

static int do_set_module_path(lua_State *L) {  // (path as light userdata: a C string)
    lua_pushstring(L, (const char *)lua_touserdata(L, 1));
    lua_setfield(L, LUA_REGISTRYINDEX, KS_MODULE_PATH_KEY);
    return 0;
}

int ks_set_module_path(lua_State *L, const char *path) {
    lua_pushlightuserdata(L, (void *)path);
    return ks_protected_call(L, do_set_module_path, 1, 0);
}


// What Swift cannot import (macros, variadics).

void ks_pop(lua_State *L, int n) { lua_pop(L, n); }
void ks_push_base_environment(lua_State *L) { lua_pushglobaltable(L); }

