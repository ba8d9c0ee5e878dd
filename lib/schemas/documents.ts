import { z } from "zod";
import { optionalDate, optionalHttpUrl, optionalText, requiredText } from "./common";

export const documentCreate = z.object({
  title: requiredText(300, "Title"),
  // Size and content are checked by lib/domain/documents (413 and clearer messages).
  text: z.string({ error: "Text is required: paste the article or choose a .txt file." }),
  sourceUrl: optionalHttpUrl("Source URL"),
  publisher: optionalText(200, "Publisher"),
  author: optionalText(200, "Author"),
  publishedAt: optionalDate("Published date"),
});
export type DocumentCreate = z.infer<typeof documentCreate>;
