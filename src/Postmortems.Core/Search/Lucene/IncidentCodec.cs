using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Codecs.Lucene46;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Postmortems.Core.Search.Lucene;

/// <summary>
/// Lucene's default codec, writing the very same files, with a faster reader of stored fields. Showing a page of hits
/// decompresses each hit's stored text, and Lucene's LZ4 reader takes a virtual call per byte of it: about 50 µs per
/// hit at 100,000 incidents (warm), where this reader takes about 30. The segments it writes carry its name, so that
/// they are read back through it; segments written by the default codec still open as before.
/// </summary>
[CodecName(CodecName)]
public sealed class IncidentCodec() : FilterCodec(new Lucene46Codec())
{
    public const string CodecName = "Postmortems46";

    private static readonly StoredFieldsFormat Stored =
        new CompressingStoredFieldsFormat("Lucene41StoredFields", new Lz4FromArrayMode(), 1 << 14);

    static IncidentCodec() => Codec.SetCodecFactory(new DefaultCodecFactory { CustomCodecTypes = [typeof(IncidentCodec)] });

    public static IncidentCodec Instance { get; } = new();

    /// <summary>
    /// Makes the codec known to Lucene by its name: needed before anything reads an index it wrote, even only its
    /// commit data, or Lucene cannot name the codec of its segments.
    /// </summary>
    public static void Register() => _ = Instance;

    public override StoredFieldsFormat StoredFieldsFormat => Stored;

    /// <summary>Lucene's LZ4 ("FAST") compression, read from an array rather than from the index input byte by byte.</summary>
    private sealed class Lz4FromArrayMode : CompressionMode
    {
        public override Compressor NewCompressor() => FAST.NewCompressor();

        public override Decompressor NewDecompressor() => new Lz4FromArray();

        public override string ToString() => "FAST";
    }

    internal sealed class Lz4FromArray : Decompressor
    {
        private byte[] _compressed = [];

        /// <summary>
        /// Reads at most as many bytes as the whole block could take, decodes up to <paramref name="offset"/> +
        /// <paramref name="length"/> from them, then leaves the input right after the bytes decoded, as Lucene's reader
        /// does (reading a large document goes on from there).
        /// </summary>
        public override void Decompress(DataInput input, int originalLength, int offset, int length, BytesRef bytes)
        {
            // A merge reads through a checksumming input, which cannot go back after reading ahead.
            if (input is not IndexInput file || input is ChecksumIndexInput)
            {
                CompressionMode.FAST.NewDecompressor().Decompress(input, originalLength, offset, length, bytes);
                return;
            }
            var start = file.Position;
            var available = (int)Math.Min(originalLength + originalLength / 255 + 16L, file.Length - start);
            if (_compressed.Length < available) _compressed = new byte[ArrayUtil.Oversize(available, 1)];
            file.ReadBytes(_compressed, 0, available);
            // Room for a match copied eight bytes at a time, as Lucene's reader allows.
            if (bytes.Bytes.Length < originalLength + 7) bytes.Bytes = new byte[ArrayUtil.Oversize(originalLength + 7, 1)];
            int decoded, read;
            try
            {
                (decoded, read) = Decode(_compressed.AsSpan(0, available), offset + length, bytes.Bytes);
            }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException)
            {
                throw new CorruptIndexException($"Corrupted: LZ4 block runs past its end (resource={file})", e);
            }
            if (decoded > originalLength)
                throw new CorruptIndexException($"Corrupted: lengths mismatch: {decoded} > {originalLength} (resource={file})");
            file.Seek(start + read);
            bytes.Offset = offset;
            bytes.Length = length;
        }

        /// <summary>
        /// Lucene's LZ4 block format: a token (literal length, match length - 4), literals, then a two-byte match
        /// distance, until at least <paramref name="wanted"/> bytes are out. Returns how many bytes came out and how
        /// many were read.
        /// </summary>
        internal static (int Decoded, int Read) Decode(ReadOnlySpan<byte> compressed, int wanted, byte[] destination)
        {
            int at = 0, written = 0;
            do
            {
                var token = compressed[at++];
                var literals = token >> 4;
                if (literals != 0)
                {
                    if (literals == 0x0F)
                    {
                        byte more;
                        while ((more = compressed[at++]) == 0xFF) literals += 0xFF;
                        literals += more;
                    }
                    compressed.Slice(at, literals).CopyTo(destination.AsSpan(written));
                    at += literals;
                    written += literals;
                }
                if (written >= wanted) break;

                var distance = compressed[at] | (compressed[at + 1] << 8);
                at += 2;
                if (distance == 0 || distance > written) throw new CorruptIndexException($"Corrupted: LZ4 match distance {distance} at {written}");
                var match = token & 0x0F;
                if (match == 0x0F)
                {
                    byte more;
                    while ((more = compressed[at++]) == 0xFF) match += 0xFF;
                    match += more;
                }
                match += 4;
                if (written + match > destination.Length) throw new CorruptIndexException($"Corrupted: LZ4 match past the block's end at {written}");
                if (distance >= match)
                {
                    destination.AsSpan(written - distance, match).CopyTo(destination.AsSpan(written));
                }
                else
                {
                    for (var from = written - distance; match > 0; match--) destination[written++] = destination[from++];
                    continue;
                }
                written += match;
            } while (written < wanted);
            return (written, at);
        }

        public override object Clone() => new Lz4FromArray();
    }
}
