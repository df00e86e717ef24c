// Swap a video poster for the host's no-cookie player, only once the reader presses play.
// Without this script the poster is a plain link to the video on its host.
document.addEventListener("click", (event) => {
  const poster = event.target.closest("a.video__poster[data-embed]");
  if (!poster || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  const player = document.createElement("iframe");
  player.className = "video__player";
  player.src = poster.dataset.embed;
  player.title = poster.dataset.title;
  player.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
  player.allowFullscreen = true;
  // The page's Referrer-Policy is same-origin; YouTube's player refuses to play
  // (error 153) unless the embedding site's origin is sent.
  player.referrerPolicy = "strict-origin-when-cross-origin";
  poster.replaceWith(player);
  player.focus();
});
