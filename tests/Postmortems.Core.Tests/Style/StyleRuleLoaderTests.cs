using Postmortems.Core.Format;
using Postmortems.Core.Style;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Style;

public sealed class StyleRuleLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WriteRule(string name, string yaml, string style = "Team")
    {
        var folder = _temp.Combine("style", style);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name);
        File.WriteAllText(file, yaml);
        return file;
    }

    private (IReadOnlyList<StyleRule> Rules, List<Problem> Problems) Load()
    {
        var problems = new List<Problem>();
        return (StyleRuleLoader.Load(_temp.Combine("style"), problems), problems);
    }

    [Fact]
    public void The_repository_rules_all_load_with_their_vale_ids()
    {
        var checker = StyleChecker.Load(TestPaths.Content);

        Assert.Empty(checker.RuleProblems);
        Assert.Equal(["Blameless.Forgot", "Blameless.Hindsight", "Blameless.HumanError", "Blameless.IfOnly", "Blameless.RootCause", "Blameless.ShouldHave"],
            checker.Rules.Select(r => r.Id));
    }

    [Fact]
    public void A_malformed_rule_file_is_reported_with_its_file_and_line_and_the_other_rules_still_run()
    {
        WriteRule("Good.yml", "extends: existence\nmessage: \"'%s' is vague\"\nignorecase: true\ntokens:\n  - somehow\n");
        var broken = WriteRule("Broken.yml", "extends: existence\nmessage: broken\ntokens:\n  - one\n - two\n");

        var (rules, problems) = Load();

        var problem = Assert.Single(problems);
        Assert.Equal(broken, problem.File);
        Assert.Equal(5, problem.Line);
        Assert.Contains("not valid YAML", problem.Message);
        var rule = Assert.Single(rules);
        Assert.Equal("Team.Good", rule.Id);
        Assert.Single(new StyleChecker(rules, problems).Check("It broke, somehow.", []));
    }

    [Theory]
    [InlineData("extends: occurrence\nmessage: m\ntokens: [a]\n", 1, "'extends: occurrence' is not supported here")]
    [InlineData("extends: existence\ntokens: [a]\n", 1, "The rule has no 'message'")]
    [InlineData("extends: existence\nmessage: m\ntokens:\n  - fine\n  - '(unclosed'\n", 5, "'(unclosed' is not a regular expression")]
    [InlineData("extends: existence\nmessage: m\ntoken: [a]\n", 3, "'token' is not a key of an existence or substitution rule")]
    [InlineData("extends: existence\nmessage: m\nlevel: fatal\ntokens: [a]\n", 3, "'level: fatal' is not a level")]
    [InlineData("extends: substitution\nmessage: m\nswap: [a, b]\n", 3, "'swap' must be a mapping")]
    [InlineData("extends: existence\nmessage: m\n", 1, "An existence rule needs 'tokens'")]
    [InlineData("- just a list\n", 1, "A rule file must be a YAML mapping")]
    public void Each_kind_of_mistake_names_the_line_and_what_is_wrong(string yaml, int line, string message)
    {
        var file = WriteRule("Rule.yml", yaml);

        var (rules, problems) = Load();

        Assert.Empty(rules);
        var problem = Assert.Single(problems);
        Assert.Equal(file, problem.File);
        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message);
        Assert.NotNull(problem.Fix);
    }

    [Fact]
    public void A_rule_file_outside_a_style_folder_is_reported()
    {
        Directory.CreateDirectory(_temp.Combine("style"));
        File.WriteAllText(_temp.Combine("style", "Loose.yml"), "extends: existence\nmessage: m\ntokens: [a]\n");

        var (_, problems) = Load();

        Assert.Contains("must be inside a style folder", Assert.Single(problems).Message);
    }

    [Fact]
    public void A_substitution_suggests_its_rewording_in_the_message()
    {
        WriteRule("Utilize.yml", "extends: substitution\nmessage: \"Use '%s' rather than '%s'\"\nlevel: suggestion\nignorecase: true\nswap:\n  utili[sz]e: use\n  leverage: use\n");

        var (rules, _) = Load();
        var finding = Assert.Single(new StyleChecker(rules, []).Check("We Utilize the cache.", []));

        Assert.Equal("Use 'use' rather than 'Utilize'", finding.Message);
        Assert.Equal("use", finding.Suggestion);
        Assert.Equal("suggestion", finding.Level);
        Assert.Equal("Team.Utilize", finding.RuleId);
    }

    [Fact]
    public void Exceptions_and_case_follow_the_rule()
    {
        WriteRule("Simple.yml", "extends: existence\nmessage: \"'%s'\"\ntokens: [simple, simply]\nexceptions: [simply]\n");

        var (rules, _) = Load();
        var findings = new StyleChecker(rules, []).Check("Simple, simple and simply.", []);

        Assert.Equal([9], findings.Select(f => f.Column));
    }
}
