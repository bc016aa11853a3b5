package io.vigie.core.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** {@code ?page=&size=} of list endpoints: size bounded to 200 so no caller can ask for everything at once. */
public class PageRequest {

    public static final int MAX_SIZE = 200;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "must be 0 or more")
    int page;

    @QueryParam("size")
    @DefaultValue("20")
    @Min(value = 1, message = "must be at least 1")
    @Max(value = MAX_SIZE, message = "must be at most " + MAX_SIZE)
    int size;

    public PageRequest() {
    }

    public PageRequest(int page, int size) {
        this.page = page;
        this.size = size;
    }

    public int page() {
        return page;
    }

    public int size() {
        return size;
    }

    public int offset() {
        return page * size;
    }
}
