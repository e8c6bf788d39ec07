extension String {
    /// The text cut to at most `limit` characters (an ellipsis and the number of
    /// characters left out mark the cut): what messages quote of input, so that a bad
    /// file's first line does not fill a terminal.
    package func abbreviated(to limit: Int = 80) -> String {
        guard count > limit else { return self }
        let kept = prefix(limit)
        return kept + "… (\(count - limit) more characters)"
    }
}
