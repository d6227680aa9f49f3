package com.aybiza.service.auth;

/** What a request does to a collection, as named in an API key's permissions. */
public enum Action {
    READ("read"), WRITE("write"), DELETE("delete"), READ_SECRETS("read_secrets");

    private final String permission;

    Action(String permission) {
        this.permission = permission;
    }

    public String permission() {
        return permission;
    }
}
