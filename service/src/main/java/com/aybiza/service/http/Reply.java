package com.aybiza.service.http;

import com.aybiza.service.crud.Change;

/** What an operation answers: a status and a JSON body (null for none), and the change it made, if any. */
record Reply(int status, Object body, Change change) {

    static Reply ok(Object body) {
        return new Reply(200, body, null);
    }

    static Reply changed(int status, Change change) {
        return new Reply(status, change.row(), change);
    }
}
