-- `has:file` in a search with words: the words' matches are walked newest first and each is
-- checked for a file. Fetching every match's message row to read `attachment_count` took
-- 60-90 ms for a common word at 1 000 000 messages; probing this small index (only messages
-- with files, a few percent of them) takes a fraction of that. Building it scans `messages`
-- once (0.2 s at 1 000 000 messages).
CREATE INDEX messages_with_files ON messages (key) WHERE attachment_count > 0;
