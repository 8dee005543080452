using Postmortems.Tests;

namespace Postmortems.Core.Tests.Search;

/// <summary>A fact that needs the public postmortem archives in ../shared/corpus, skipped (with the reason) where they are absent.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (TestPaths.SharedCorpus is null)
            Skip = "The public postmortem archives (../shared/corpus beside the repository) are not present in this checkout";
    }
}
