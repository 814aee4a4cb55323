### The Forms tab: declaration drafts.

