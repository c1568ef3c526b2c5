import { describe, expect, it } from "vitest";
import { parseStack, shapeOf } from "../src/errors";
import { routeOf } from "../src/util";

const mine = (url: string) => url.startsWith("https://learn.example.com");

describe("parseStack", () => {
  it("reads Chrome's stack, innermost frame last, marking our code in_app", () => {
    const stack = [
      "TypeError: Cannot read properties of undefined (reading 'id')",
      "    at loadLesson (https://learn.example.com/static/app.3f9a.js:1:2345)",
      "    at async Object.open (https://learn.example.com/static/app.3f9a.js:1:999)",
      "    at https://cdn.example.net/lib.js:4:10",
    ].join("\n");
    expect(parseStack(stack, mine)).toEqual([
      { filename: "https://cdn.example.net/lib.js", function: "?", lineno: 4, colno: 10, in_app: false },
      { filename: "https://learn.example.com/static/app.3f9a.js", function: "open", lineno: 1, colno: 999, in_app: true },
      { filename: "https://learn.example.com/static/app.3f9a.js", function: "loadLesson", lineno: 1, colno: 2345, in_app: true },
    ]);
  });

  it("reads Firefox's stack", () => {
    const stack = "loadLesson@https://learn.example.com/static/app.js:88:13\n@https://learn.example.com/static/app.js:90:1\n";
    expect(parseStack(stack, mine).map((f) => [f.function, f.lineno, f.colno])).toEqual([
      ["?", 90, 1],
      ["loadLesson", 88, 13],
    ]);
  });

  it("shapes what a promise rejected with", () => {
    expect(shapeOf(new RangeError("too far"))).toMatchObject({ type: "RangeError", message: "too far" });
    expect(shapeOf({ code: 7 })).toMatchObject({ type: "UnhandledRejection", message: 'Non-Error rejection: {"code":7}' });
  });
});

describe("routeOf", () => {
  it("turns ids into {id} and drops the query", () => {
    expect(routeOf("/api/courses/42/lessons/9f1c2a3b-1111-2222-3333-444455556666?x=1", "https://a.test/")).toBe(
      "/api/courses/{id}/lessons/{id}",
    );
  });
});
