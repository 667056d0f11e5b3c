// require.c — modules from the host's folders only.
//
// Guarantees: a module name is a dotted identifier (no paths); its source comes from the host's
// reader, as text; each environment has its own module cache. Proved by SandboxEscapeTests.

#include "ks_internal.h"

#include <string.h>

static int valid_module_name(const char *name) {
    int at_segment_start = 1;
    if (*name == '\0') return 0;
    for (const char *c = name; *c; c++) {
        int letter = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_';
        int digit = *c >= '0' && *c <= '9';
        if (*c == '.') {
            if (at_segment_start) return 0;
            at_segment_start = 1;
        } else if (letter || (digit && !at_segment_start)) {
            at_segment_start = 0;
        } else {
            return 0;
        }
    }
    return !at_segment_start;
}

/// The libraries a script has as globals, which require also gives by name, as Lua's does.
static const char *const standard_libraries[] = {"string", "table", "math", "utf8", "coroutine", "io", NULL};
/// Standard library names the sandbox never opens.
static const char *const unavailable_libraries[] = {"os", "debug", NULL};

static int is_one_of(const char *name, const char *const *names) {
    for (; *names; names++) if (strcmp(name, *names) == 0) return 1;
    return 0;
}

/// require(name): the environment's standard libraries by name, `package.preload`, then the
/// host's module folders. Returns the module and, when it was loaded now, where it came from
/// (its file, or ":preload:"), as Lua's require does. Upvalue 1: the caller's environment;
/// 2: its module cache (package.loaded); 3: its package.preload.
void ks_push_cached_chunk(lua_State *L, int source_index, const char *chunkname);

int ks_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    if (strcmp(name, "_G") == 0) {
        lua_pushvalue(L, lua_upvalueindex(1));
        return 1;
    }
    if (is_one_of(name, standard_libraries) || strcmp(name, "package") == 0) {
        lua_getfield(L, lua_upvalueindex(1), name);
        return 1;
    }
    if (is_one_of(name, unavailable_libraries))
        return luaL_error(L, "module '%s' is not available in the Koers sandbox (scripts have no file, "
                             "process or debug access)", name);
    if (!valid_module_name(name))
        return luaL_error(L, "require: '%s' is not a module name; use names such as 'helpers' or "
                             "'lib.dates' (no paths, no '..')", name);
    if (lua_getfield(L, lua_upvalueindex(2), name) != LUA_TNIL) {  // 2
        if (lua_islightuserdata(L, -1))
            return luaL_error(L, "require: module '%s' requires itself (a loop)", name);
        return 1;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, lua_upvalueindex(3), name) == LUA_TFUNCTION) {  // package.preload[name]
        lua_pushvalue(L, 1);
        lua_pushliteral(L, ":preload:");
        lua_call(L, 2, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushboolean(L, 1);
        }
        lua_pushvalue(L, -1);
        lua_setfield(L, lua_upvalueindex(2), name);
        lua_pushliteral(L, ":preload:");
        return 2;
    }
    lua_pop(L, 1);
    // Every script runs in a fresh environment and requires its modules again: the source is
    // asked of the host once per sandbox and kept here, so a later require neither copies the
    // text into Lua again nor compares it byte by byte with the cached chunk's.
    if (lua_getfield(L, LUA_REGISTRYINDEX, KS_MODULE_SOURCES_KEY) != LUA_TTABLE) {  // 2
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, KS_MODULE_SOURCES_KEY);
    }
    if (lua_getfield(L, 2, name) == LUA_TTABLE) {  // 3: { source, chunkname }
        lua_rawgeti(L, 3, 1);
        lua_rawgeti(L, 3, 2);
        lua_remove(L, 3);
        lua_remove(L, 2);  // name, source, chunkname
    } else {
        lua_settop(L, 2);
        if (lua_getfield(L, LUA_REGISTRYINDEX, KS_MODULE_READER_KEY) != LUA_TFUNCTION)
            return luaL_error(L, "require: no module folders are configured, so '%s' cannot be loaded", name);
        lua_pushvalue(L, 1);
        lua_call(L, 1, 2);  // name, sources, source, chunkname | nil, message
        if (lua_type(L, 3) != LUA_TSTRING) return luaL_error(L, "%s", luaL_optstring(L, 4, "require: module not found"));
        luaL_checkstring(L, 4);
        lua_createtable(L, 2, 0);
        lua_pushvalue(L, 3);
        lua_rawseti(L, -2, 1);
        lua_pushvalue(L, 4);
        lua_rawseti(L, -2, 2);
        lua_setfield(L, 2, name);
        lua_remove(L, 2);  // name, source, chunkname
    }
    const char *chunkname = luaL_checkstring(L, 3);
    ks_push_cached_chunk(L, 2, chunkname);  // 4
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, 4, 1);
    lua_pushlightuserdata(L, (void *)&valid_module_name);  // "loading" marker
    lua_setfield(L, lua_upvalueindex(2), name);
    lua_pushvalue(L, 1);
    int status = lua_pcall(L, 1, 1, 0);
    if (status != LUA_OK) {
        lua_pushnil(L);
        lua_setfield(L, lua_upvalueindex(2), name);
        return lua_error(L);
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, lua_upvalueindex(2), name);
    const char *file = lua_tostring(L, 3);
    lua_pushstring(L, file[0] == '@' || file[0] == '=' ? file + 1 : file);
    return 2;
}

/// package.searchpath(name, path [, sep [, rep]]): where `name` would be looked for along
/// `path`. Scripts have no file access, so no file is ever found: it returns fail and the list
/// of places tried, as Lua's does for a name found nowhere. Libraries that only add their own
/// searchpath when there is none (Penlight) then load unchanged.
static int package_searchpath(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    const char *path = luaL_checkstring(L, 2);
    const char *separator = luaL_optstring(L, 3, ".");
    const char *replacement = luaL_optstring(L, 4, "/");
    if (*separator != '\0' && strstr(name, separator) != NULL) name = luaL_gsub(L, name, separator, replacement);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "no file '");
    for (const char *c = path; *c; c++) {
        if (*c == ';') luaL_addstring(&b, "'\n\tno file '");
        else if (*c == '?') luaL_addstring(&b, name);
        else luaL_addchar(&b, *c);
    }
    luaL_addchar(&b, '\'');
    luaL_pushfail(L);
    luaL_pushresult(&b);
    return 2;
}

/// Refuses every change to the package table: where modules come from is the host's to say.
static int refuse_package_change(lua_State *L) {
    return luaL_error(L, "package.%s cannot be changed in the Koers sandbox: modules come from the "
                         "workspace's rules/ and plugins/ folders", luaL_optstring(L, 2, "?"));
}

void ks_install_package(lua_State *L, int env_index) {
    env_index = lua_absindex(L, env_index);
    lua_newtable(L);  // the module cache, package.loaded
    int loaded = lua_gettop(L);
    lua_newtable(L);  // package.preload
    int preload = lua_gettop(L);
    lua_newtable(L);  // the proxy scripts see as `package`
    int proxy = lua_gettop(L);
    lua_createtable(L, 0, 3);  // its metatable
    lua_createtable(L, 0, 6);  // the fields, read through __index
    lua_pushvalue(L, loaded); lua_setfield(L, -2, "loaded");
    lua_pushvalue(L, preload); lua_setfield(L, -2, "preload");
    lua_pushliteral(L, "/\n;\n?\n!\n-\n");  // as Lua's on this system: separators and marks of a path
    lua_setfield(L, -2, "config");
    if (lua_getfield(L, LUA_REGISTRYINDEX, KS_MODULE_PATH_KEY) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushliteral(L, "");
    }
    lua_setfield(L, -2, "path");
    lua_pushliteral(L, ""); lua_setfield(L, -2, "cpath");  // no C modules
    lua_pushcfunction(L, package_searchpath); lua_setfield(L, -2, "searchpath");
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, refuse_package_change); lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked"); lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, proxy);
    lua_pushvalue(L, proxy); lua_setfield(L, env_index, "package");
    // require, with this environment, its cache and its preload table.
    lua_pushvalue(L, env_index);
    lua_pushvalue(L, loaded);
    lua_pushvalue(L, preload);
    lua_pushcclosure(L, ks_require, 3);
    lua_setfield(L, env_index, "require");
    // Loaded as Lua has them: the standard libraries by name, and _G.
    for (const char *const *library = standard_libraries; *library; library++) {
        lua_getfield(L, env_index, *library);
        lua_setfield(L, loaded, *library);
    }
    lua_pushvalue(L, env_index); lua_setfield(L, loaded, "_G");
    lua_pushvalue(L, proxy); lua_setfield(L, loaded, "package");
    lua_settop(L, loaded - 1);
}

