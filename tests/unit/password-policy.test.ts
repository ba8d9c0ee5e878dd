import { describe, expect, it } from "vitest";
import { passwordProblem } from "@/lib/domain/password-policy";

describe("passwordProblem", () => {
  it("accepts a long passphrase", () => {
    expect(passwordProblem("violet kettle harbour 42")).toBeNull();
  });
  it("refuses fewer than 12 characters", () => {
    expect(passwordProblem("short pass!")).toMatch(/at least 12/);
  });
  it.each(["password1234", "qwerty123456", "1q2w3e4r5t6y", "PASSWORD1234"])("refuses the common password %j", (pw) => {
    expect(passwordProblem(pw)).toMatch(/common passwords/);
  });
  it("refuses a password of one repeated character and one containing the email's name", () => {
    expect(passwordProblem("aaaaaaaaaaaaaaaa")).toMatch(/too few characters/);
    expect(passwordProblem("ravi.reviewer 2025!", { email: "ravi.reviewer@newsroom.test" })).toMatch(/email name/);
  });
  it("refuses an absurdly long one", () => {
    expect(passwordProblem("x".repeat(257) + "abcd")).toMatch(/at most/);
  });
});
