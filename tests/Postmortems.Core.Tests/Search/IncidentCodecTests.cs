using System.Text;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Postmortems.Core.Search;
using Postmortems.Core.Search.Lucene;

namespace Postmortems.Core.Tests.Search;

/// <summary>The codec's reader of stored fields must give back, byte for byte, what Lucene's own writer compressed.</summary>
public sealed class IncidentCodecTests
{
    private static byte[] Sample(int seed, int length)
    {
        // Text that repeats (long matches, overlapping ones) mixed with noise (long runs of literals).
        var random = new Random(seed);
        var words = new[] { "pool ", "timeout ", "aaaaaaaaaaaaaaaaaaaaaaaa", "the connection pool was exhausted ", "\n## Root cause\n" };
        var bytes = new List<byte>(length);
        while (bytes.Count < length)
        {
            if (random.Next(4) == 0) bytes.AddRange(Enumerable.Range(0, random.Next(1, 600)).Select(_ => (byte)random.Next(256)));
            else bytes.AddRange(Encoding.UTF8.GetBytes(words[random.Next(words.Length)]));
        }
        return bytes.Take(length).ToArray();
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 300)]
    [InlineData(3, 16_384)]
    [InlineData(4, 70_000)]
    public void Decoding_gives_back_every_slice_lucene_compressed(int seed, int length)
    {
        var original = Sample(seed, length);
        var compressed = new byte[length * 2 + 64];
        var output = new ByteArrayDataOutput(compressed);
        CompressionMode.FAST.NewCompressor().Compress(original, 0, length, output);

        foreach (var (offset, take) in new[] { (0, length), (0, 1), (length / 2, length - length / 2), (length - 1, 1), (length / 3, length / 3) })
        {
            var destination = new byte[length + 7];
            var (decoded, read) = IncidentCodec.Lz4FromArray.Decode(compressed.AsSpan(0, output.Position), offset + take, destination);
            Assert.True(decoded >= offset + take && decoded <= length, $"decoded {decoded} of {length}");
            Assert.True(read <= output.Position);
            Assert.Equal(original.AsSpan(offset, take).ToArray(), destination.AsSpan(offset, take).ToArray());
        }
    }

    [Fact]
    public void A_block_cut_short_is_reported_as_a_corrupt_index()
    {
        var original = Sample(5, 5_000);
        var compressed = new byte[original.Length * 2];
        var output = new ByteArrayDataOutput(compressed);
        CompressionMode.FAST.NewCompressor().Compress(original, 0, original.Length, output);
        using var directory = new RAMDirectory();
        using (var file = directory.CreateOutput("block", IOContext.DEFAULT)) file.WriteBytes(compressed, 0, output.Position / 2);

        using var input = directory.OpenInput("block", IOContext.DEFAULT);
        var decompressor = new IncidentCodec.Lz4FromArray();

        Assert.Throws<CorruptIndexException>(() => decompressor.Decompress(input, original.Length, 0, original.Length, new BytesRef()));
    }

    [Fact]
    public void An_index_written_with_the_codec_reads_back_every_stored_field_after_merging()
    {
        IncidentCodec.Register();
        using var directory = new RAMDirectory();
        var texts = Enumerable.Range(0, 300).Select(i => Encoding.Latin1.GetString(Sample(i, i % 50 == 0 ? 90_000 : 200 + i * 37))).ToList();
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, null) { Codec = IncidentCodec.Instance, MaxBufferedDocs = 40 };
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < texts.Count; i++) writer.AddDocument(new Document { new StoredField("id", i.ToString()), new StoredField("text", texts[i]) });
            writer.Commit();
            var segments = new SegmentInfos();
            segments.Read(directory);
            Assert.True(segments.Count > 1, "the test needs several segments to merge");
            writer.ForceMerge(1);
        }

        using var reader = DirectoryReader.Open(directory);
        Assert.Equal(IncidentCodec.CodecName, ((SegmentReader)reader.Leaves[0].Reader).SegmentInfo.Info.Codec.Name);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            var stored = reader.Document(doc);
            Assert.Equal(texts[int.Parse(stored.Get("id"))], stored.Get("text"));
        }
    }
}
